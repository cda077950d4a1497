/** Meetings (GOS, MSP concertation, DAC review), their attendance and start snapshots. */
export default /* sql */ `
CREATE TABLE meetings (
  id TEXT PRIMARY KEY,
  situation_id TEXT NOT NULL REFERENCES situations(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('gos', 'msp', 'dac', 'synthesis')),
  title TEXT NOT NULL DEFAULT '',
  starts_at TEXT NOT NULL,
  place TEXT NOT NULL DEFAULT '',
  convener_user_id TEXT NOT NULL,
  invitees TEXT NOT NULL DEFAULT '[]',
  agenda TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'started', 'ended')),
  started_at TEXT,
  ended_at TEXT,
  end_version_id TEXT,
  review_date TEXT,
  next_meeting TEXT,
  minutes_notes TEXT NOT NULL DEFAULT '',
  published_at TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX meetings_situation ON meetings(situation_id, starts_at);

CREATE TABLE meeting_snapshots (
  meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  part TEXT NOT NULL,
  bytes BLOB NOT NULL,
  PRIMARY KEY (meeting_id, part)
);

CREATE TABLE meeting_attendance (
  meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  attendee_key TEXT NOT NULL,
  member_id TEXT,
  name TEXT NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('connected', 'room', 'video', 'phone', 'written', 'absent')),
  source TEXT NOT NULL CHECK (source IN ('server', 'manual')),
  at TEXT NOT NULL,
  recorded_by TEXT,
  PRIMARY KEY (meeting_id, attendee_key)
);
`
