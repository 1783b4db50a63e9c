package io.caravan.connectors.triton;

import io.caravan.connectors.triton.proto.GRPCInferenceServiceGrpc;
import io.caravan.connectors.triton.proto.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import io.caravan.connectors.triton.proto.ModelInferRequest;
import io.caravan.connectors.triton.proto.ModelInferResponse;
import io.caravan.connectors.triton.proto.ModelMetadataRequest;
import io.caravan.connectors.triton.proto.ModelMetadataResponse;
import io.caravan.connectors.triton.proto.ModelReadyRequest;
import io.caravan.connectors.triton.proto.ServerReadyRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A KServe v2 (Open Inference Protocol) gRPC client for Triton: readiness, model metadata and
 * inference with binary tensors. Every call has a deadline; every failure comes out as a {@link
 * TritonException} whose kind says whether retrying can help. No retries, batching or breaking here:
 * {@link GuardedModel} adds those.
 *
 * <p>Stubs are generated at build time from {@code src/main/proto/grpc_service.proto}, a subset of the
 * protocol written from its specification ({@code camel-kserve}, which carries such stubs, is not
 * published for Camel 4.14.1 on the mirror this project builds from).
 *
 * <p>One HTTP/2 connection per client, shared by all threads (gRPC multiplexes calls on it); it
 * reconnects by itself after the server comes back.
 */
public final class TritonClient implements AutoCloseable {

  private final String target;
  private final ManagedChannel channel;
  private final GRPCInferenceServiceBlockingStub stub;

  /** @param target {@code host:port} of Triton's gRPC endpoint (8001 by default) */
  public TritonClient(String target) {
    this.target = Objects.requireNonNull(target, "target");
    if (target.isBlank() || !target.contains(":")) {
      throw new IllegalArgumentException("Triton gRPC target must be host:port, was '" + target + "'");
    }
    this.channel =
        ManagedChannelBuilder.forTarget(target)
            .usePlaintext()
            .maxInboundMessageSize(64 * 1024 * 1024)
            .build();
    this.stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
  }

  public String target() {
    return target;
  }

  /** True when the server answers and says it is ready; false when it is unreachable or not ready. */
  public boolean serverReady(Duration deadline) {
    try {
      return within(deadline).serverReady(ServerReadyRequest.getDefaultInstance()).getReady();
    } catch (StatusRuntimeException e) {
      return false;
    }
  }

  /** True when the model is loaded and ready; false when not (or unknown to the server). */
  public boolean modelReady(String model, Duration deadline) {
    try {
      return within(deadline).modelReady(ModelReadyRequest.newBuilder().setName(model).build()).getReady();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNAVAILABLE && !isUnknownModel(e)) {
        throw translate(e, "ModelReady " + model);
      }
      return false;
    }
  }

  /** The model's inputs and outputs as the server describes them. */
  public ModelSignature metadata(String model, Duration deadline) {
    ModelMetadataResponse r;
    try {
      r = within(deadline).modelMetadata(ModelMetadataRequest.newBuilder().setName(model).build());
    } catch (StatusRuntimeException e) {
      throw translate(e, "ModelMetadata " + model);
    }
    return new ModelSignature(r.getName(), r.getVersionsList(), r.getPlatform(), specs(r.getInputsList()), specs(r.getOutputsList()));
  }

  /** Runs one inference; the outputs come back in the order asked for. */
  public List<OutputTensor> infer(String model, List<InputTensor> inputs, List<String> outputs, Duration deadline) {
    ModelInferRequest.Builder b = ModelInferRequest.newBuilder().setModelName(model);
    for (InputTensor t : inputs) {
      ModelInferRequest.InferInputTensor.Builder ib = b.addInputsBuilder().setName(t.name()).setDatatype(t.datatype());
      for (long d : t.shape()) {
        ib.addShape(d);
      }
      b.addRawInputContents(t.data());
    }
    for (String o : outputs) {
      b.addOutputsBuilder().setName(o);
    }
    ModelInferResponse r;
    try {
      r = within(deadline).modelInfer(b.build());
    } catch (StatusRuntimeException e) {
      throw translate(e, "ModelInfer " + model);
    }
    if (r.getRawOutputContentsCount() != r.getOutputsCount()) {
      throw new TritonException(
          TritonException.Kind.REJECTED,
          "Triton model '" + model + "' returned " + r.getOutputsCount() + " outputs but " + r.getRawOutputContentsCount()
              + " binary contents (the client reads binary outputs only)");
    }
    List<OutputTensor> out = new ArrayList<>(outputs.size());
    for (String name : outputs) {
      int i = indexOf(r, name);
      if (i < 0) {
        throw new TritonException(TritonException.Kind.MODEL_MISMATCH, "Triton model '" + model + "' returned no output '" + name + "'");
      }
      ModelInferResponse.InferOutputTensor o = r.getOutputs(i);
      long[] shape = o.getShapeList().stream().mapToLong(Long::longValue).toArray();
      out.add(new OutputTensor(o.getName(), o.getDatatype(), shape, r.getRawOutputContents(i)));
    }
    return out;
  }

  private static int indexOf(ModelInferResponse r, String name) {
    for (int i = 0; i < r.getOutputsCount(); i++) {
      if (r.getOutputs(i).getName().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private GRPCInferenceServiceBlockingStub within(Duration deadline) {
    return stub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
  }

  private static List<TensorSpec> specs(List<ModelMetadataResponse.TensorMetadata> list) {
    List<TensorSpec> out = new ArrayList<>(list.size());
    for (ModelMetadataResponse.TensorMetadata t : list) {
      out.add(new TensorSpec(t.getName(), t.getDatatype(), t.getShapeList()));
    }
    return out;
  }

  private static boolean isUnknownModel(StatusRuntimeException e) {
    String d = String.valueOf(e.getStatus().getDescription()).toLowerCase(Locale.ROOT);
    return d.contains("unknown model") || d.contains("not found") || d.contains("is not ready");
  }

  /**
   * Transient: UNAVAILABLE (connection refused or reset, server shutting down), RESOURCE_EXHAUSTED and
   * ABORTED (overload), DEADLINE_EXCEEDED. Triton reports an unknown or unloaded model as UNAVAILABLE
   * or NOT_FOUND with "unknown model" in the text: that is not transient, retrying will not load it.
   * Anything else (INVALID_ARGUMENT for a wrong shape, INTERNAL for a model that raised) is the
   * request's or the model's fault.
   */
  TritonException translate(StatusRuntimeException e, String call) {
    Status s = e.getStatus();
    String msg = call + " on Triton " + target + " failed: " + s.getCode() + (s.getDescription() == null ? "" : ": " + s.getDescription());
    if (isUnknownModel(e)) {
      return new TritonException(TritonException.Kind.MODEL_NOT_READY, msg, e);
    }
    return switch (s.getCode()) {
      case UNAVAILABLE, RESOURCE_EXHAUSTED, ABORTED -> new TritonException(TritonException.Kind.UNAVAILABLE, msg, e);
      case DEADLINE_EXCEEDED -> new TritonException(TritonException.Kind.DEADLINE_EXCEEDED, msg, e);
      default -> new TritonException(TritonException.Kind.REJECTED, msg, e);
    };
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "TritonClient(" + target + ")";
  }
}
