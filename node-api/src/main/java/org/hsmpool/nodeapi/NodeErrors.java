package org.hsmpool.nodeapi;

import java.util.Optional;

import org.hsmpool.nodeapi.v1.NodeError;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;

/**
 * The typed error of a failed node call travels as a {@link NodeError} in the binary trailer
 * {@value #TRAILER_NAME}, beside a gRPC status chosen from its reason.
 */
public final class NodeErrors {
    public static final String TRAILER_NAME = "hsmpool-node-error-bin";
    public static final Metadata.Key<NodeError> TRAILER = ProtoUtils.keyForProto(NodeError.getDefaultInstance());

    private NodeErrors() {
    }

    public static StatusRuntimeException toStatus(NodeError error) {
        Metadata trailers = new Metadata();
        trailers.put(TRAILER, error);
        return statusOf(error.getReason()).withDescription(error.getMessage()).asRuntimeException(trailers);
    }

    public static StatusRuntimeException of(NodeError.Reason reason, String message, String ckr) {
        return toStatus(NodeError.newBuilder().setReason(reason).setMessage(message).setCkr(ckr == null ? "" : ckr)
                .build());
    }

    /** The typed error of a failed call; UNAVAILABLE for transport failures that carry none. */
    public static NodeError from(StatusRuntimeException e) {
        Metadata trailers = e.getTrailers();
        NodeError error = trailers == null ? null : trailers.get(TRAILER);
        if (error != null) {
            return error;
        }
        // A node answers its own failures with the trailer; without one, the call broke on the way
        // (connection closed, deadline, node gone), which another node may well survive.
        NodeError.Reason reason = switch (e.getStatus().getCode()) {
            case INVALID_ARGUMENT, OUT_OF_RANGE -> NodeError.Reason.BAD_REQUEST;
            case UNIMPLEMENTED, PERMISSION_DENIED, UNAUTHENTICATED -> NodeError.Reason.REASON_UNSPECIFIED;
            default -> NodeError.Reason.UNAVAILABLE;
        };
        String description = Optional.ofNullable(e.getStatus().getDescription()).orElse(e.getStatus().getCode().name());
        return NodeError.newBuilder().setReason(reason).setMessage(description).build();
    }

    static Status statusOf(NodeError.Reason reason) {
        return switch (reason) {
            case BAD_REQUEST -> Status.INVALID_ARGUMENT;
            case KEY_NOT_FOUND -> Status.NOT_FOUND;
            case KEY_EXISTS -> Status.ALREADY_EXISTS;
            case KEY_USAGE, PEER_NOT_TRUSTED -> Status.PERMISSION_DENIED;
            case NO_DOMAIN, WRONG_DOMAIN -> Status.FAILED_PRECONDITION;
            case INTEGRITY -> Status.DATA_LOSS;
            case UNAVAILABLE -> Status.UNAVAILABLE;
            default -> Status.INTERNAL;
        };
    }
}
