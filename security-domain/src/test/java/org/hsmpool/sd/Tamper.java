package org.hsmpool.sd;

/** Changes one character of a text into another that keeps it in the same alphabet. */
final class Tamper {

    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final String DIGITS = "0123456789";

    private Tamper() {
    }

    static String at(String text, int position) {
        char original = text.charAt(position);
        char replacement;
        if (DIGITS.indexOf(original) >= 0) {
            replacement = DIGITS.charAt((DIGITS.indexOf(original) + 1) % DIGITS.length());
        } else if (BASE64URL.indexOf(original) >= 0) {
            replacement = BASE64URL.charAt((BASE64URL.indexOf(original) + 1) % BASE64URL.length());
        } else {
            replacement = original == 'x' ? 'y' : 'x';
        }
        return text.substring(0, position) + replacement + text.substring(position + 1);
    }
}
