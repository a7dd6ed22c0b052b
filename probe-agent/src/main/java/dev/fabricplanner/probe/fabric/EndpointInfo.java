package dev.fabricplanner.probe.fabric;

import com.sun.jna.Pointer;

/**
 * The fi_info an endpoint (active or passive) is opened with: the best one the provider grants for
 * the query, which its owner frees.
 *
 * @param info a copy (fi_dupinfo) of the chosen entry
 * @param rma whether FI_RMA with FI_WRITE and FI_REMOTE_WRITE was granted
 * @param hmem whether FI_HMEM (device memory registration) was granted
 */
record EndpointInfo(Pointer info, boolean rma, boolean hmem) {
  /** We promise one thread per domain, which spares providers their locks. */
  private static final int FI_THREAD_DOMAIN = 3;

  /**
   * Asks fi_getinfo for the query; with {@code wantRma} for FI_RMA too, falling back to messages
   * only where the provider refuses.
   */
  static EndpointInfo choose(Libfabric library, ProviderQuery query, boolean wantRma)
      throws FabricException {
    return choose(library, query, wantRma, false);
  }

  /**
   * As above; with {@code wantHmem} FI_HMEM (and mr_mode FI_MR_HMEM) is asked for first and, where
   * the provider refuses, asked again without it, as NIXL's libfabric backend does: the endpoint then
   * works on host memory and {@link #hmem()} says so.
   */
  static EndpointInfo choose(Libfabric library, ProviderQuery query, boolean wantRma, boolean wantHmem)
      throws FabricException {
    if (wantHmem) {
      EndpointInfo withHmem = attempt(library, query, wantRma, true, new int[1]);
      if (withHmem != null) {
        return withHmem;
      }
    }
    int[] error = new int[1];
    EndpointInfo plain = attempt(library, query, wantRma, false, error);
    if (plain != null) {
      return plain;
    }
    throw new FabricException("fi_getinfo offers no " + query + ": "
        + library.describeError(error[0]));
  }

  private static EndpointInfo attempt(
      Libfabric library, ProviderQuery query, boolean wantRma, boolean hmem, int[] error) {
    long rmaCaps = FiAbi.FI_RMA | FiAbi.FI_WRITE | FiAbi.FI_REMOTE_WRITE;
    boolean ordered = query.endpointType() != EndpointType.DGRAM;
    // Best first: RMA with send-after-send order, then dropping what the provider refuses.
    long[][] attempts = {
        {wantRma ? rmaCaps : 0, ordered ? FiAbi.FI_ORDER_SAS : 0},
        {wantRma ? rmaCaps : 0, 0},
        {0, ordered ? FiAbi.FI_ORDER_SAS : 0},
        {0, 0}};
    for (long[] attempt : attempts) {
      InfoRequest request = new InfoRequest(library, query)
          .caps(FiAbi.FI_MSG | FiAbi.FI_SEND | FiAbi.FI_RECV | attempt[0] | (hmem ? FiAbi.FI_HMEM : 0));
      if (hmem) {
        request = request.extraMrModes(FiAbi.FI_MR_HMEM);
      }
      Pointer list = request
          .msgOrder(attempt[1])
          .threading(FI_THREAD_DOMAIN)
          .run(error);
      if (list == null) {
        continue;
      }
      Pointer chosen = list;
      while (chosen != null && !InfoRequest.matchesDomain(chosen, query)) {
        chosen = chosen.getPointer(FiAbi.INFO_NEXT);
      }
      Pointer info = null;
      if (chosen != null) {
        info = library.dupinfo.invokePointer(new Object[] {chosen});
      } else {
        error[0] = -FiAbi.FI_ENODATA;
      }
      InfoRequest.free(library, list);
      if (info != null) {
        return new EndpointInfo(info, attempt[0] != 0, hmem);
      }
    }
    return null;
  }
}
