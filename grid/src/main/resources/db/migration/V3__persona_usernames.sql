-- Persona names (message-type AI, bot credential only) may have up to 32 characters: the original's personas go up
-- to 21 (EmotionalIntelligence). Human names keep their 16-character rule, checked by the application.
ALTER TABLE messages ALTER COLUMN username SET DATA TYPE VARCHAR(32);
ALTER TABLE messages ALTER COLUMN username_key SET DATA TYPE VARCHAR(32);
