/** Follow-up and the territory: jobs, progress, co-evaluations, reminder mails, territory projections. */
export interface FollowUpTables {}
