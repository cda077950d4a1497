/** Facts about this database itself (e.g. when it was restored from a backup). */
export default /* sql */ `
CREATE TABLE server_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`
