/** What other modules may use of participation; nothing yet. */
export {};
