package dev.fabricplanner.probe.fabric;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * One fi_getinfo call: builds the hints (an fi_info from fi_allocinfo, filled with what we ask for
 * and what we can honour) and returns the provider's list, which the caller must free.
 */
final class InfoRequest {
  private final Libfabric library;
  private final ProviderQuery query;
  private long caps = FiAbi.FI_MSG;
  private int extraMrModes;
  private long msgOrder;
  private int threading;

  InfoRequest(Libfabric library, ProviderQuery query) {
    this.library = library;
    this.query = query;
  }

  InfoRequest caps(long value) {
    this.caps = value;
    return this;
  }

  InfoRequest extraMrModes(int value) {
    this.extraMrModes = value;
    return this;
  }

  InfoRequest msgOrder(long value) {
    this.msgOrder = value;
    return this;
  }

  InfoRequest threading(int value) {
    this.threading = value;
    return this;
  }

  /** The result list (free with {@link #free}), or null with the code in {@code error[0]}. */
  Pointer run(int[] error) {
    Pointer hints = library.dupinfo.invokePointer(new Object[] {null});
    if (hints == null) {
      throw new OutOfMemoryError("fi_allocinfo returned NULL");
    }
    try {
      if (caps != 0) {
        hints.setLong(FiAbi.INFO_CAPS, caps);
      }
      hints.setLong(FiAbi.INFO_MODE, FiAbi.SUPPORTED_MODES);
      Pointer ep = hints.getPointer(FiAbi.INFO_EP_ATTR);
      if (query.endpointType() != null) {
        ep.setInt(FiAbi.EP_TYPE, query.endpointType().code);
      }
      Pointer domain = hints.getPointer(FiAbi.INFO_DOMAIN_ATTR);
      domain.setInt(FiAbi.DOMAIN_MR_MODE, FiAbi.SUPPORTED_MR_MODES | extraMrModes);
      if (threading != 0) {
        domain.setInt(FiAbi.DOMAIN_THREADING, threading);
      }
      if (query.domain() != null) {
        domain.setPointer(FiAbi.DOMAIN_NAME, library.mallocString(query.domain()));
      }
      if (query.provider() != null) {
        hints.getPointer(FiAbi.INFO_FABRIC_ATTR)
            .setPointer(FiAbi.FABRIC_PROV_NAME, library.mallocString(query.provider()));
      }
      if (msgOrder != 0) {
        hints.getPointer(FiAbi.INFO_TX_ATTR).setLong(FiAbi.TX_MSG_ORDER, msgOrder);
        hints.getPointer(FiAbi.INFO_RX_ATTR).setLong(FiAbi.RX_MSG_ORDER, msgOrder);
      }
      long flags = query.srcNode() == null ? 0 : FiAbi.FI_SOURCE;
      PointerByReference result = new PointerByReference();
      int rc = library.getinfo.invokeInt(new Object[] {
          library.requestedApiVersion(), query.srcNode(), null, flags, hints, result});
      if (rc != 0) {
        error[0] = rc;
        return null;
      }
      return result.getValue();
    } finally {
      library.freeinfo.invokeVoid(new Object[] {hints});
      library.keepJvmSignalHandlers();
    }
  }

  /**
   * Whether an entry matches the query's domain: IP providers ignore the domain name hint and list
   * every interface, so the choice is made here.
   */
  static boolean matchesDomain(Pointer info, ProviderQuery query) {
    if (query.domain() == null) {
      return true;
    }
    return query.domain().equals(string(info.getPointer(FiAbi.INFO_DOMAIN_ATTR),
        FiAbi.DOMAIN_NAME));
  }

  static void free(Libfabric library, Pointer info) {
    if (info != null) {
      library.freeinfo.invokeVoid(new Object[] {info});
    }
  }

  /** Reads one fi_info entry into a plain record. */
  static FabricProvider describe(Pointer info, boolean hmem) {
    Pointer tx = info.getPointer(FiAbi.INFO_TX_ATTR);
    Pointer rx = info.getPointer(FiAbi.INFO_RX_ATTR);
    Pointer ep = info.getPointer(FiAbi.INFO_EP_ATTR);
    Pointer domain = info.getPointer(FiAbi.INFO_DOMAIN_ATTR);
    Pointer fabric = info.getPointer(FiAbi.INFO_FABRIC_ATTR);
    String provider = string(fabric, FiAbi.FABRIC_PROV_NAME);
    long caps = info.getLong(FiAbi.INFO_CAPS);
    return new FabricProvider(
        provider,
        string(fabric, FiAbi.FABRIC_NAME),
        string(domain, FiAbi.DOMAIN_NAME),
        EndpointType.fromCode(ep.getInt(FiAbi.EP_TYPE)),
        caps,
        domain.getInt(FiAbi.DOMAIN_MR_MODE),
        hmem || (caps & FiAbi.FI_HMEM) != 0,
        RmaSupport.of(provider, caps),
        sizeT(ep, FiAbi.EP_MAX_MSG_SIZE),
        sizeT(tx, FiAbi.TX_INJECT_SIZE),
        sizeT(tx, FiAbi.TX_IOV_LIMIT),
        sizeT(tx, FiAbi.TX_SIZE),
        sizeT(rx, FiAbi.RX_SIZE),
        domain.getInt(FiAbi.DOMAIN_DATA_PROGRESS) == FiAbi.FI_PROGRESS_MANUAL);
  }

  /** A size_t: SIZE_MAX and other values above Long.MAX_VALUE read as Long.MAX_VALUE. */
  private static long sizeT(Pointer struct, long offset) {
    long value = struct.getLong(offset);
    return value < 0 ? Long.MAX_VALUE : value;
  }

  private static String string(Pointer struct, long offset) {
    Pointer text = struct == null ? null : struct.getPointer(offset);
    return text == null ? "" : text.getString(0);
  }
}
