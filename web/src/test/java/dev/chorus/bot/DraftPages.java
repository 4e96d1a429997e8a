package dev.chorus.bot;

import java.util.List;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * What a page showed of reply drafts, recorded in the page itself (a MutationObserver installed once the page is
 * ready): every text a draft showed, and whether a draft and the stored reply to the same message were ever on the
 * page at once (the reply must take the draft's place, not appear beside it). Selenium's polling alone would miss
 * the steps of a draft that grows within a second or two.
 */
final class DraftPages {
    private DraftPages() {
    }

    private static final String RECORD = """
            window.__drafts = {texts: [], writing: 0, together: false};
            const look = () => {
              const rec = window.__drafts;
              for (const d of document.querySelectorAll('#stream li[data-testid="draft"]')) {
                if (d.querySelector('[data-testid="draft-writing"]')) rec.writing++;
                const t = d.querySelector('[data-testid="draft-text"]').textContent;
                if (rec.texts[rec.texts.length - 1] !== t) rec.texts.push(t);
                const replyTo = d.dataset.replyTo;
                if (document.querySelector('#stream li[data-testid="message"][data-type="AI"][data-reply-to="'
                    + replyTo + '"]')) rec.together = true;
              }
            };
            new MutationObserver(look).observe(document.getElementById('stream'),
              {childList: true, subtree: true, characterData: true});
            """;

    static void record(ChromeDriver page) {
        page.executeScript(RECORD);
    }

    /** The texts drafts showed, in order, empty ones (the persona writing, no text yet) left out. */
    @SuppressWarnings("unchecked")
    static List<String> texts(ChromeDriver page) {
        Map<String, Object> rec = (Map<String, Object>) page.executeScript("return window.__drafts;");
        return ((List<String>) rec.get("texts")).stream().filter(t -> !t.isEmpty()).toList();
    }

    /** Whether a "… is writing" line was seen. */
    static boolean sawWriting(ChromeDriver page) {
        return ((Number) page.executeScript("return window.__drafts.writing;")).longValue() > 0;
    }

    /** Whether a draft was ever shown next to the stored reply that should have replaced it. */
    static boolean sawDraftBesideItsReply(ChromeDriver page) {
        return Boolean.TRUE.equals(page.executeScript("return window.__drafts.together;"));
    }

    /** Drafts on the page now. */
    static long draftsShown(ChromeDriver page) {
        return ((Number) page.executeScript(
                "return document.querySelectorAll('#stream li[data-testid=draft]').length;")).longValue();
    }
}
