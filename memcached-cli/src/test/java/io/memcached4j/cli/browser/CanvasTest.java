package io.memcached4j.cli.browser;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CanvasTest {

    @Test
    void fitAndRightCountACjkCharacterAsTwoColumns() {
        assertEquals("こんにちは  ", Canvas.fit("こんにちは", 12));
        assertEquals("こんに\u2026", Canvas.fit("こんにちは", 7), "three characters (6 columns) and the ellipsis");
        assertEquals("こん \u2026", Canvas.fit("こんにちは", 6), "half a character is a space");
        assertEquals("  世界", Canvas.right("世界", 6));
        assertEquals("abc\u2026", Canvas.fit("abcdef", 4));
        assertEquals("   ab", Canvas.right("ab", 5));
    }

    @Test
    void textDrawsACjkCharacterOverTwoColumnsAndNeverHalfOfOne() throws IOException {
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(10, 2));
        TerminalScreen screen = new TerminalScreen(terminal);
        screen.startScreen();
        Canvas c = new Canvas(screen, Theme.DARK, screen.getTerminalSize());
        int end = c.text(0, 0, "こんにちは、世界", Role.NORMAL);
        assertEquals(10, end, "five characters fill the ten columns");
        assertEquals("こ", screen.getBackCharacter(0, 0).getCharacterString());
        assertEquals("ん", screen.getBackCharacter(2, 0).getCharacterString());
        assertEquals("は", screen.getBackCharacter(8, 0).getCharacterString());
        assertEquals(2, c.text(0, 1, "世界", Role.NORMAL, 3), "the second would need columns 2 and 3 of 0 to 2");
        screen.stopScreen();
    }
}
