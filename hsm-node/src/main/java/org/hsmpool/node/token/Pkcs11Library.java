package org.hsmpool.node.token;

import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_OS_LOCKING_OK;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import sun.security.pkcs11.wrapper.CK_C_INITIALIZE_ARGS;
import sun.security.pkcs11.wrapper.CK_TOKEN_INFO;
import sun.security.pkcs11.wrapper.Functions;
import sun.security.pkcs11.wrapper.PKCS11;
import sun.security.pkcs11.wrapper.PKCS11Exception;

/** Loading a PKCS#11 library and finding the one slot whose token carries the configured label. */
final class Pkcs11Library {

    private Pkcs11Library() {
    }

    static PKCS11 load(String library) {
        if (!new File(library).canRead()) {
            throw new TokenException(TokenException.Kind.UNAVAILABLE, "PKCS#11 library not readable: " + library);
        }
        CK_C_INITIALIZE_ARGS args = new CK_C_INITIALIZE_ARGS();
        args.flags = CKF_OS_LOCKING_OK;
        try {
            return PKCS11.getInstance(library, "C_GetFunctionList", args, false);
        } catch (PKCS11Exception e) {
            throw new TokenException(TokenException.Kind.UNAVAILABLE, "cannot initialise PKCS#11 library " + library,
                    Ckr.name(e.getErrorCode()), null);
        } catch (IOException e) {
            throw new TokenException(TokenException.Kind.UNAVAILABLE,
                    "cannot load PKCS#11 library " + library + ": " + e.getMessage(), "", e);
        }
    }

    static long resolveSlot(PKCS11 p11, TokenConfig config) {
        try {
            List<String> seen = new ArrayList<>();
            Long found = null;
            for (long slot : p11.C_GetSlotList(true)) {
                String label = new String(p11.C_GetTokenInfo(slot).label).trim();
                seen.add(label);
                if (label.equals(config.tokenLabel())) {
                    if (found != null) {
                        throw new TokenException(TokenException.Kind.UNAVAILABLE,
                                "two tokens carry the label '" + config.tokenLabel() + "'; labels must be unique");
                    }
                    found = slot;
                }
            }
            if (found == null) {
                throw new TokenException(TokenException.Kind.UNAVAILABLE, "no token labelled '" + config.tokenLabel()
                        + "' in " + config.library() + " (tokens present: " + seen + ")");
            }
            return found;
        } catch (PKCS11Exception e) {
            throw new TokenException(TokenException.Kind.UNAVAILABLE, "cannot list slots",
                    Ckr.name(e.getErrorCode()), null);
        }
    }

    static TokenInfo readInfo(PKCS11 p11, long slot, String label) {
        try {
            CK_TOKEN_INFO t = p11.C_GetTokenInfo(slot);
            List<String> mechanisms = new ArrayList<>();
            for (long m : p11.C_GetMechanismList(slot)) {
                mechanisms.add(mechanismName(m));
            }
            return new TokenInfo(label, new String(t.serialNumber).trim(), new String(t.manufacturerID).trim(),
                    new String(t.model).trim(), slot, mechanisms);
        } catch (PKCS11Exception e) {
            throw new TokenException(TokenException.Kind.UNAVAILABLE, "cannot read token information",
                    Ckr.name(e.getErrorCode()), null);
        }
    }

    private static String mechanismName(long m) {
        try {
            String name = Functions.getMechanismName(m);
            return name != null ? name : String.format("CKM_0x%08X", m);
        } catch (RuntimeException unknown) {
            return String.format("CKM_0x%08X", m);
        }
    }
}
