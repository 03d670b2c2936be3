import { renderErrorCard } from '../cards';
import type { NoticeRenderer } from '../services/notifications/notice-outbox';

/**
 * Renders a rotation notice when no feature supplied its own card (bot/rotation replaces it
 * through AppServiceHooks.noticeRenderer). It shows the notice's own plain-language text, so a
 * notice is never dropped for want of a card.
 */
export const fallbackNoticeRenderer: NoticeRenderer = {
  render: (notice) => ({
    card: renderErrorCard({
      title: notice.title,
      message: notice.summary,
      nextStep: notice.paragraphs.join(' '),
      ...(notice.correlationId ? { correlationId: notice.correlationId } : {}),
    }),
    summary: notice.summary,
  }),
};
