/** A situation's own records: versions, meetings, records, audit, plan actions, client bindings. */
export interface RecordTables {}
