/** Situations, their members, consent, requests and retention: what a right is decided on. */
export interface RightsTables {}
