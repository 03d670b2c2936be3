/** A small tenant workflow, as an admin pastes it: block sign-in, then tell the admin channel. */
export const LOST_LAPTOP_NAME = 'lost-laptop';

export const LOST_LAPTOP_YAML = `name: ${LOST_LAPTOP_NAME}
title: Lost laptop
description: Locks the account of someone who lost their laptop.
steps:
  - id: blockSignIn
    kind: action
    action: user.blockSignIn
  - id: tellAdmins
    kind: notice
    to: adminChannel
    text: "{{target.displayName}} lost their laptop: sign-in is blocked."
`;
