package dev.chorus.application.config;

/**
 * A configuration value Chorus cannot use. Thrown while a settings bean is created at deployment, so the
 * deployment fails and the launcher exits non-zero with this message in the log: the key, its environment
 * variable, what it must be and the value it had.
 */
public class InvalidSettingException extends IllegalArgumentException {
    private final String key;
    private final String value;

    public InvalidSettingException(String key, String value, String expected) {
        this(key, value, key + " (" + Settings.environmentVariable(key) + ") must be " + expected + ", not \"" + value
                + "\"", true);
    }

    /** {@code messageGiven} only tells this constructor from the public one. */
    private InvalidSettingException(String key, String value, String message, boolean messageGiven) {
        super(message);
        this.key = key;
        this.value = value;
    }

    /**
     * {@code key} has the same value as {@code otherKey}, which it must not (two credentials): both keys are named,
     * the value is not (it is a secret, and the log is not).
     */
    public static InvalidSettingException sameAs(String key, String otherKey, String why) {
        return new InvalidSettingException(key, null, key + " (" + Settings.environmentVariable(key)
                + ") must differ from " + otherKey + " (" + Settings.environmentVariable(otherKey) + "): " + why
                + " (the value is not logged)", true);
    }

    public String key() {
        return key;
    }

    /** The unusable value; null when it is a secret not to be repeated. */
    public String value() {
        return value;
    }
}
