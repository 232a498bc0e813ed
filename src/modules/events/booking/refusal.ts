/** Thrown inside an operation to roll it back and report why (the service turns it into a Problem). */
export class Refusal extends Error {
  constructor(
    public readonly code:
      | 'not-found'
      | 'gone'
      | 'unavailable'
      | 'no-seats'
      | 'too-many-seats'
      | 'not-offered'
      | 'offer-expired'
      | 'below-taken'
      | 'already-cancelled'
      /** The person already has a booking of the event a move was asked to. */
      | 'already-booked'
      /** The event asks for more than a plain booking (invitation, questions, a child): check its form first. */
      | 'form',
    public readonly data: Record<string, unknown> = {},
  ) {
    super(code);
  }
}
