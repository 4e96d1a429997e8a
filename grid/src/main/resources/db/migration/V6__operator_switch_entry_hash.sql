-- An operator's persona switch holds while the persona's entry in the entities file is the one it was made
-- against: the SHA-256 (hex) of that entry when the switch was set. NULL for the pause switch, and for a persona
-- switch set before this column (it holds until an operator sets it again). Replaces comparing the switch's time
-- with when a member noticed a file edit, which members' clocks made them disagree on.
ALTER TABLE operator_settings ADD COLUMN entry_hash VARCHAR(64);
