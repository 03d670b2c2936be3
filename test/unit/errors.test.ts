import { AppError, isAppError, newCorrelationId } from '../../services/errors';

type ExampleCode = 'EXAMPLE.BROKEN';
class ExampleError extends AppError<ExampleCode> {}

describe('AppError', () => {
  it('when created from the catalogue, then it carries the code and the catalogue\'s user-safe text', () => {
    const error = new AppError('ACCESS.NOT_IN_SCOPE', 'user u-1 outside scope s-1', { details: { userId: 'u-1' } });
    expect(error).toMatchObject({
      name: 'AppError',
      code: 'ACCESS.NOT_IN_SCOPE',
      userMessage: 'That user is outside the scope you manage.',
      message: 'ACCESS.NOT_IN_SCOPE: user u-1 outside scope s-1',
      details: { userId: 'u-1' },
    });
    expect(isAppError(error)).toBe(true);
  });

  it('when an area subclasses it with its own codes, then it is still an AppError with a generic user text', () => {
    const error = new ExampleError('EXAMPLE.BROKEN');
    expect(error).toMatchObject({ name: 'ExampleError', code: 'EXAMPLE.BROKEN', userMessage: 'Something went wrong on our side.' });
    expect(isAppError(error)).toBe(true);
    expect(isAppError(new Error('plain'))).toBe(false);
  });

  it('when correlation ids are made, then they are distinct UUIDs', () => {
    const [a, b] = [newCorrelationId(), newCorrelationId()];
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
  });
});
