package dev.chorus.infrastructure.grid;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.IndexConfig;
import com.hazelcast.config.IndexType;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.NearCacheConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.chorus.domain.Message;
import dev.chorus.domain.RecentWindow;
import dev.chorus.domain.bot.BotTask;
import dev.chorus.infrastructure.config.BoardSettings;
import dev.chorus.infrastructure.grid.mapstore.MessageMapStore;
import dev.chorus.infrastructure.grid.mapstore.WindowMapLoader;
import dev.chorus.infrastructure.persistence.ChorusDatabase;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Configures and hands out the board's maps. Configuration is added dynamically (cluster-wide) before a map's
 * first use; every member adds the same configuration, which Hazelcast accepts as a no-op.
 */
@ApplicationScoped
public class GridMaps {
    public static final String MESSAGES = "chorus-messages";
    public static final String WINDOW = "chorus-window";
    public static final String RATE = "chorus-post-rate";
    /** The bot's work queue: message id -> BotTask (rebuilt from the messages table, see BotQueueReconciler). */
    public static final String BOT_QUEUE = "chorus-bot-queue";
    /** Per-persona reply times for the personas' rateLimits: entity id -> epoch millis of the last hour. */
    public static final String BOT_RATE = "chorus-bot-rate";
    /** The window is one value under one key: its owner serializes every append. */
    public static final String WINDOW_KEY = "recent";

    @Inject
    HazelcastInstance hazelcast;

    @Inject
    ChorusDatabase database;

    @Inject
    BoardSettings settings;

    private IMap<String, Message> messages;
    private IMap<String, RecentWindow> window;
    private IMap<String, long[]> rate;

    @PostConstruct
    void configure() {
        database.prepare();
        var config = hazelcast.getConfig();
        config.addMapConfig(messagesConfig());
        config.addMapConfig(windowConfig());
        config.addMapConfig(new MapConfig(RATE).setBackupCount(1).setTimeToLiveSeconds(120));
        config.addMapConfig(botQueueConfig());
        config.addMapConfig(new MapConfig(BOT_RATE).setBackupCount(1).setTimeToLiveSeconds(3700));
        messages = hazelcast.getMap(MESSAGES);
        window = hazelcast.getMap(WINDOW);
        rate = hazelcast.getMap(RATE);
    }

    /** Individual messages: written through to the table, bounded in memory (the database keeps all). */
    private MapConfig messagesConfig() {
        return new MapConfig(MESSAGES)
                .setBackupCount(1)
                .setMapStoreConfig(new MapStoreConfig()
                        .setEnabled(true)
                        .setClassName(MessageMapStore.class.getName())
                        .setWriteDelaySeconds(0)
                        .setInitialLoadMode(MapStoreConfig.InitialLoadMode.LAZY))
                .setEvictionConfig(new EvictionConfig()
                        .setEvictionPolicy(EvictionPolicy.LRU)
                        .setMaxSizePolicy(MaxSizePolicy.PER_NODE)
                        .setSize(settings.messagesInMemory()));
    }

    /**
     * The bot queue: small (completed tasks leave it), one backup, indexed for the dispatcher's local query
     * (status, then priority). No MapStore: the message rows hold the durable bot state and the queue is rebuilt
     * from them, which keeps one source of truth and one write per transition that matters.
     */
    private MapConfig botQueueConfig() {
        return new MapConfig(BOT_QUEUE)
                .setBackupCount(1)
                .addIndexConfig(new IndexConfig(IndexType.HASH, "statusName"))
                .addIndexConfig(new IndexConfig(IndexType.SORTED, "priority"));
    }

    /**
     * The recent window: OBJECT format so the owner's processors work on the object without deserialising 500
     * messages per post. Readers do not read this map: they read {@link WindowReplica}, the member's copy that
     * every change's entry event brings. The near cache only serves the replica's own reads of the map (its first
     * load, and the fallback when a change's event is late), which a change invalidates.
     */
    private MapConfig windowConfig() {
        MapStoreConfig loader = new MapStoreConfig()
                .setEnabled(true)
                .setClassName(WindowMapLoader.class.getName())
                .setInitialLoadMode(MapStoreConfig.InitialLoadMode.LAZY);
        loader.setProperty(WindowMapLoader.CAPACITY_PROPERTY, String.valueOf(settings.windowCapacity()));
        return new MapConfig(WINDOW)
                .setBackupCount(1)
                .setInMemoryFormat(InMemoryFormat.OBJECT)
                .setMapStoreConfig(loader)
                .setNearCacheConfig(new NearCacheConfig(WINDOW)
                        .setInMemoryFormat(InMemoryFormat.OBJECT)
                        .setInvalidateOnChange(true)
                        .setCacheLocalEntries(true)
                        .setSerializeKeys(false));
    }

    public IMap<String, Message> messages() {
        return messages;
    }

    public IMap<String, RecentWindow> window() {
        return window;
    }

    public IMap<String, long[]> rate() {
        return rate;
    }

    public IMap<String, BotTask> botQueue() {
        return hazelcast.getMap(BOT_QUEUE);
    }

    public IMap<String, long[]> botRate() {
        return hazelcast.getMap(BOT_RATE);
    }

    /** This member's id in the cluster: marks the window entries it is making durable. */
    public String localMemberId() {
        return memberId(hazelcast.getCluster().getLocalMember());
    }

    /** The ids of the members in the cluster now, as {@link #localMemberId()} writes them. */
    public Set<String> memberIds() {
        return hazelcast.getCluster().getMembers().stream().map(GridMaps::memberId).collect(Collectors.toSet());
    }

    private static String memberId(Member member) {
        return member.getUuid().toString();
    }

    public ChorusDatabase database() {
        return database;
    }

    public HazelcastInstance hazelcast() {
        return hazelcast;
    }
}
