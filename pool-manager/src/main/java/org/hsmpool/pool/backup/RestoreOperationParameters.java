package org.hsmpool.pool.backup;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** The body of {@code PUT /restore} (RestoreOperationParameters): where the backup is, and its folder. */
public record RestoreOperationParameters(
        @NotNull(message = SasTokenParameter.REQUIRED) @Valid SasTokenParameter sasTokenParameters,
        String folderToRestore) {
}
