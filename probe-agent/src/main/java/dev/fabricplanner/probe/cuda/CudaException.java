package dev.fabricplanner.probe.cuda;

/**
 * A CUDA runtime or NVML call returned an error. The message names the call, the error's symbolic
 * name and number, and the library's own text, e.g. {@code cudaGetDeviceCount:
 * cudaErrorInsufficientDriver (35): CUDA driver version is insufficient for CUDA runtime version}.
 */
public final class CudaException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int code;

  public CudaException(String message, int code) {
    super(message);
    this.code = code;
  }

  /** The cudaError_t or nvmlReturn_t value. */
  public int code() {
    return code;
  }
}
