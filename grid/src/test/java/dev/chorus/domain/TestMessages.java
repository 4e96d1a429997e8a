package dev.chorus.domain;

import java.util.List;

/**
 * Builds messages for tests of the domain, the grid processors and the storage, so each test names only the
 * fields it cares about. Not a test itself (the name does not end in {@code Test}).
 */
public final class TestMessages {
    public static final Color RED = new Color("255000000");
    public static final Color GREEN = new Color("000255000");
    public static final Color BLUE = new Color("000000255");

    private String id;
    private String text = "hello";
    private long timestamp;
    private Long clientTimestamp;
    private String username;
    private Color color = RED;
    private String domain;
    private String language;
    private MessageType type = MessageType.HUMAN;
    private String misc;
    private List<String> context;
    private BotParams botParams;
    private String replyTo;

    private TestMessages(String id) {
        this.id = id;
    }

    public static TestMessages message(String id) {
        return new TestMessages(id);
    }

    /** A plain human message with the given id and text "text of &lt;id&gt;". */
    public static Message human(String id) {
        return message(id).text("text of " + id).build();
    }

    public static Message ai(String id) {
        return message(id).text("reply " + id).type(MessageType.AI).build();
    }

    public TestMessages id(String value) {
        id = value;
        return this;
    }

    public TestMessages text(String value) {
        text = value;
        return this;
    }

    public TestMessages timestamp(long value) {
        timestamp = value;
        return this;
    }

    public TestMessages clientTimestamp(Long value) {
        clientTimestamp = value;
        return this;
    }

    public TestMessages username(String value) {
        username = value;
        return this;
    }

    public TestMessages color(Color value) {
        color = value;
        return this;
    }

    public TestMessages domain(String value) {
        domain = value;
        return this;
    }

    public TestMessages language(String value) {
        language = value;
        return this;
    }

    public TestMessages type(MessageType value) {
        type = value;
        return this;
    }

    public TestMessages misc(String value) {
        misc = value;
        return this;
    }

    public TestMessages context(List<String> value) {
        context = value;
        return this;
    }

    public TestMessages botParams(BotParams value) {
        botParams = value;
        return this;
    }

    public TestMessages replyTo(String value) {
        replyTo = value;
        return this;
    }

    public Message build() {
        return new Message(new MessageId(id), text, timestamp, clientTimestamp, username, color, domain, language,
                type, misc, context, botParams, replyTo);
    }
}
