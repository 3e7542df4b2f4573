package org.hsmpool.cli.sd;

import java.util.ArrayList;
import java.util.List;


/**
 * A thumbprint as ten words for a check over the phone: byte i of the SHA-256 thumbprint picks word
 * i of this fixed list of 256 short, distinct English words (80 bits: a key that matches by accident
 * or by a second-preimage search is out of reach). The operator's {@code sd transfer-key} and the
 * administrator's {@code sd share} print the same words for the same key. The list is this project's
 * own (no library here carries one), and it must never change: words said on a call years apart must
 * still agree.
 */
final class FingerprintWords {
    static final int COUNT = 10;
    private static final String[] WORDS = (
            "acid acorn actor adobe agent album alley amber anchor angle apple apron arena arrow atlas attic "
            + "badge bagel baker bamboo banjo barrel basin beach beacon beaver bench berry bison blade blanket blossom "
            + "board bonnet border bottle bracket branch bread brick bridge bronze brook bucket buffalo bugle bundle button "
            + "cabin cactus camel canal candle canoe canyon carbon cargo carpet castle cedar cellar chalk cherry chimney "
            + "cider cinema circle citrus clover cobalt cocoa comet copper coral cotton cradle crater crayon cricket crystal "
            + "daisy dancer delta denim desert dinner dolphin domino donkey dragon drum dune eagle easel echo elbow "
            + "ember engine falcon fabric feather fender fern ferry fiddle finch flame flannel flint forest fossil fountain "
            + "galaxy garden garlic gazelle geyser ginger glacier globe goblet granite gravel guitar hammer harbor harp hazel "
            + "helmet heron hollow honey hopper horizon husky igloo island ivory jacket jaguar jasmine jelly jigsaw jungle "
            + "kayak kennel kettle kiosk kitten koala ladder lagoon lantern laptop lemon lentil lily linen lizard lobster "
            + "magnet mango maple marble meadow melon mermaid meteor mitten mosaic muffin mustard napkin nectar needle nickel "
            + "oasis ocean olive onion opal orbit orchid otter oyster paddle palace panda parrot pebble pepper pewter pillow "
            + "pilot pine planet pocket pony poppy puzzle quartz quill rabbit radish raven ribbon river rocket saddle salmon "
            + "sandal satin scarf shovel silver sketch sparrow spider spruce squash statue summit sunset swan tablet tango "
            + "teapot tiger timber toast tomato topaz tractor trumpet tulip tunnel turtle umbrella valley velvet violin walnut "
            + "walrus wander whistle willow window winter wizard yacht yogurt zebra zenith zipper badger cashew"
            ).split(" ");

    private FingerprintWords() {
    }

    /** The words for a base64url SHA-256 thumbprint ({@code x5t#S256}). */
    static String of(String thumbprint) {
        byte[] digest = java.util.Base64.getUrlDecoder().decode(thumbprint);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            words.add(WORDS[digest[i] & 0xff]);
        }
        return String.join(" ", words);
    }

    static int size() {
        return WORDS.length;
    }

    static boolean distinct() {
        return java.util.Arrays.stream(WORDS).distinct().count() == WORDS.length;
    }
}
