package io.memcached4j.cli.browser;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

/** Key stroke tests shared by the pages. */
final class Keys {
    private Keys() {
    }

    /** @return whether the stroke is Ctrl with the letter */
    static boolean isCtrl(KeyStroke k, char letter) {
        return k.getKeyType() == KeyType.Character && k.isCtrlDown()
                && Character.toLowerCase(k.getCharacter()) == letter;
    }

    /** @return whether the stroke is the plain character */
    static boolean is(KeyStroke k, char c) {
        return k.getKeyType() == KeyType.Character && !k.isCtrlDown() && !k.isAltDown() && k.getCharacter() == c;
    }

    /** @return whether the stroke leaves a page: Esc or q */
    static boolean isBack(KeyStroke k) {
        return k.getKeyType() == KeyType.Escape || is(k, 'q');
    }
}
