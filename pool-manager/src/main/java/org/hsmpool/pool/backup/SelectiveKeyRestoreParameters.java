package org.hsmpool.pool.backup;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * The body of {@code PUT /keys/{name}/restore} (SelectiveKeyRestoreOperationParameters): where the
 * backup is, and its folder.
 */
public record SelectiveKeyRestoreParameters(
        @NotNull(message = SasTokenParameter.REQUIRED) @Valid SasTokenParameter sasTokenParameters,
        String folder) {
}
