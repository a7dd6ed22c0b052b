package dev.fabricplanner.probe.fabric;

import java.util.ArrayList;
import java.util.List;

/**
 * One provider/fabric/domain/endpoint-type combination that fi_getinfo offered on this host.
 *
 * @param provider provider name as libfabric spells it, layered ones included ("tcp;ofi_rxm")
 * @param fabric fabric name (for IP providers the subnet, e.g. "127.0.0.1/32")
 * @param domain domain name (interface or device, e.g. "lo", "mlx5_0", "shm")
 * @param endpointType endpoint type
 * @param caps the fi_info caps bits
 * @param mrMode the domain's mr_mode bits (FI_MR_*)
 * @param hmem whether the provider accepted FI_HMEM (device memory) in the hints
 * @param rma whether RMA is offered, and done by hardware or emulated in software
 * @param maxMessageBytes ep_attr.max_msg_size: the largest single message
 * @param injectBytes tx_attr.inject_size
 * @param iovLimit tx_attr.iov_limit: buffers one send may gather
 * @param txDepth tx_attr.size: transmit queue depth
 * @param rxDepth rx_attr.size: receive queue depth
 * @param manualProgress whether data progress is manual (the application must poll)
 */
public record FabricProvider(
    String provider,
    String fabric,
    String domain,
    EndpointType endpointType,
    long caps,
    int mrMode,
    boolean hmem,
    RmaSupport rma,
    long maxMessageBytes,
    long injectBytes,
    long iovLimit,
    long txDepth,
    long rxDepth,
    boolean manualProgress) {

  /** The core provider of a layered name: "tcp" for "tcp;ofi_rxm". */
  public String coreProvider() {
    int separator = provider.indexOf(';');
    return separator < 0 ? provider : provider.substring(0, separator);
  }

  public boolean messaging() {
    return (caps & FiAbi.FI_MSG) != 0;
  }

  public boolean tagged() {
    return (caps & FiAbi.FI_TAGGED) != 0;
  }

  /** The query that selects exactly this provider, fabric domain and endpoint type. */
  public ProviderQuery query() {
    return new ProviderQuery(provider, endpointType, domain, null);
  }

  /** Readable names of the interesting caps bits. */
  public List<String> capNames() {
    List<String> names = new ArrayList<>();
    addIf(names, caps, FiAbi.FI_MSG, "FI_MSG");
    addIf(names, caps, FiAbi.FI_TAGGED, "FI_TAGGED");
    addIf(names, caps, FiAbi.FI_RMA, "FI_RMA");
    addIf(names, caps, FiAbi.FI_ATOMIC, "FI_ATOMIC");
    addIf(names, caps, FiAbi.FI_HMEM, "FI_HMEM");
    return names;
  }

  /** Readable names of the mr_mode bits. */
  public List<String> mrModeNames() {
    List<String> names = new ArrayList<>();
    addIf(names, mrMode, FiAbi.FI_MR_BASIC, "FI_MR_BASIC");
    addIf(names, mrMode, FiAbi.FI_MR_SCALABLE, "FI_MR_SCALABLE");
    addIf(names, mrMode, FiAbi.FI_MR_LOCAL, "FI_MR_LOCAL");
    addIf(names, mrMode, FiAbi.FI_MR_RAW, "FI_MR_RAW");
    addIf(names, mrMode, FiAbi.FI_MR_VIRT_ADDR, "FI_MR_VIRT_ADDR");
    addIf(names, mrMode, FiAbi.FI_MR_ALLOCATED, "FI_MR_ALLOCATED");
    addIf(names, mrMode, FiAbi.FI_MR_PROV_KEY, "FI_MR_PROV_KEY");
    addIf(names, mrMode, FiAbi.FI_MR_MMU_NOTIFY, "FI_MR_MMU_NOTIFY");
    addIf(names, mrMode, FiAbi.FI_MR_RMA_EVENT, "FI_MR_RMA_EVENT");
    addIf(names, mrMode, FiAbi.FI_MR_ENDPOINT, "FI_MR_ENDPOINT");
    addIf(names, mrMode, FiAbi.FI_MR_HMEM, "FI_MR_HMEM");
    return names;
  }

  private static void addIf(List<String> names, long bits, long bit, String name) {
    if ((bits & bit) != 0) {
      names.add(name);
    }
  }
}
