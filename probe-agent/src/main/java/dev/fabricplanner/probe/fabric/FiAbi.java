package dev.fabricplanner.probe.fabric;

/**
 * Constants and struct offsets of the libfabric 1.x ABI (LP64), as laid out in the 1.17 headers.
 *
 * <p>libfabric keeps its 1.x ABI backward compatible (structs only grow at the end), so these
 * offsets hold for every 1.x library at or above {@link #MIN_MINOR}. They were checked with
 * {@code offsetof} against /usr/include/rdma of libfabric-dev 1.17; nothing here needs the headers
 * at run time. The connection-management part (fi_ops_fabric's passive_ep and eq_open, fi_ops_cm,
 * fid_pep, fid_eq, fi_eq_attr, fi_eq_cm_entry, fi_eq_err_entry and the event numbers) was read off
 * libfabric's public fabric.h, fi_endpoint.h, fi_cm.h and fi_eq.h of the 1.x series.
 */
final class FiAbi {
  private FiAbi() {}

  static final int MAJOR = 1;
  static final int MIN_MINOR = 12;
  /** The API version we ask fi_getinfo for: the one our layouts were checked against. */
  static final int REQUESTED_MINOR = 17;

  static int version(int major, int minor) {
    return (major << 16) | minor;
  }

  // Capability bits (fabric.h).
  static final long FI_MSG = 1L << 1;
  static final long FI_RMA = 1L << 2;
  static final long FI_TAGGED = 1L << 3;
  static final long FI_ATOMIC = 1L << 4;
  static final long FI_READ = 1L << 8;
  static final long FI_WRITE = 1L << 9;
  static final long FI_RECV = 1L << 10;
  static final long FI_SEND = 1L << 11;
  static final long FI_REMOTE_READ = 1L << 12;
  static final long FI_REMOTE_WRITE = 1L << 13;
  static final long FI_HMEM = 1L << 47;
  static final long FI_SOURCE = 1L << 57;
  static final long FI_PROV_ATTR_ONLY = 1L << 54;
  static final long FI_TRANSMIT = FI_SEND;
  /** Operation flag: more posts follow at once, so the provider may hold this one back. */
  static final long FI_MORE = 1L << 18;
  /** Operation flag: raise a completion (fi_sendmsg's flags replace the endpoint's defaults). */
  static final long FI_COMPLETION = 1L << 24;
  static final long FI_DELIVERY_COMPLETE = 1L << 28;

  // Mode bits we are able to honour: per-operation context memory we own.
  static final long FI_CONTEXT = 1L << 59;
  static final long FI_CONTEXT2 = 1L << 52;
  static final long FI_RX_CQ_DATA = 1L << 56;
  static final long SUPPORTED_MODES = FI_CONTEXT | FI_CONTEXT2 | FI_RX_CQ_DATA;
  /** sizeof(struct fi_context2): eight pointers the provider may use per operation. */
  static final int CONTEXT_BYTES = 64;
  // struct fi_msg { iovec *msg_iov; void **desc; size_t iov_count; fi_addr_t addr; void *context;
  // uint64_t data; } and struct iovec { void *iov_base; size_t iov_len; }
  static final int FI_MSG_BYTES = 48;
  static final int FI_MSG_IOV = 0;
  static final int FI_MSG_DESC = 8;
  static final int FI_MSG_IOV_COUNT = 16;
  static final int FI_MSG_ADDR = 24;
  static final int FI_MSG_CONTEXT = 32;
  static final int IOVEC_BYTES = 16;

  static final long FI_ORDER_SAS = 1L << 8;
  static final long FI_ORDER_SAW = 1L << 7;

  // mr_mode bits.
  static final int FI_MR_BASIC = 1;
  static final int FI_MR_SCALABLE = 2;
  static final int FI_MR_LOCAL = 1 << 2;
  static final int FI_MR_RAW = 1 << 3;
  static final int FI_MR_VIRT_ADDR = 1 << 4;
  static final int FI_MR_ALLOCATED = 1 << 5;
  static final int FI_MR_PROV_KEY = 1 << 6;
  static final int FI_MR_MMU_NOTIFY = 1 << 7;
  static final int FI_MR_RMA_EVENT = 1 << 8;
  static final int FI_MR_ENDPOINT = 1 << 9;
  static final int FI_MR_HMEM = 1 << 10;
  /** The mr_mode bits our registration code honours (see {@link RegisteredBuffer}). */
  static final int SUPPORTED_MR_MODES =
      FI_MR_LOCAL | FI_MR_ALLOCATED | FI_MR_PROV_KEY | FI_MR_VIRT_ADDR | FI_MR_ENDPOINT;

  // enum fi_ep_type
  static final int FI_EP_MSG = 1;
  static final int FI_EP_DGRAM = 2;
  static final int FI_EP_RDM = 3;

  // enum fi_av_type, fi_cq_format, fi_wait_obj, fi_progress
  static final int FI_AV_MAP = 1;
  static final int FI_AV_TABLE = 2;
  static final int FI_CQ_FORMAT_MSG = 2;
  static final int FI_WAIT_NONE = 0;
  static final int FI_PROGRESS_AUTO = 1;
  static final int FI_PROGRESS_MANUAL = 2;

  // fi_control commands
  static final int FI_ENABLE = 6;

  // errno values (fi_errno.h), returned negated.
  static final int FI_EAGAIN = 11;
  static final int FI_ENODATA = 61;
  static final int FI_ENOSYS = 38;
  static final int FI_EAVAIL = 259;
  static final int FI_ETRUNC = 265;
  static final int FI_ECONNREFUSED = 111;

  // struct fi_info
  static final long INFO_NEXT = 0;
  static final long INFO_CAPS = 8;
  static final long INFO_MODE = 16;
  static final long INFO_ADDR_FORMAT = 24;
  static final long INFO_HANDLE = 64;
  static final long INFO_TX_ATTR = 72;
  static final long INFO_RX_ATTR = 80;
  static final long INFO_EP_ATTR = 88;
  static final long INFO_DOMAIN_ATTR = 96;
  static final long INFO_FABRIC_ATTR = 104;

  // struct fi_tx_attr / fi_rx_attr
  static final long TX_CAPS = 0;
  static final long TX_MSG_ORDER = 24;
  static final long TX_INJECT_SIZE = 40;
  static final long TX_SIZE = 48;
  static final long TX_IOV_LIMIT = 56;
  static final long TX_RMA_IOV_LIMIT = 64;
  static final long RX_CAPS = 0;
  static final long RX_MSG_ORDER = 24;
  static final long RX_SIZE = 48;

  // struct fi_ep_attr
  static final long EP_TYPE = 0;
  static final long EP_PROTOCOL = 4;
  static final long EP_MAX_MSG_SIZE = 16;
  static final long EP_MSG_PREFIX_SIZE = 24;

  // struct fi_domain_attr
  static final long DOMAIN_NAME = 8;
  static final long DOMAIN_THREADING = 16;
  static final long DOMAIN_DATA_PROGRESS = 24;
  static final long DOMAIN_AV_TYPE = 32;
  static final long DOMAIN_MR_MODE = 36;
  static final long DOMAIN_MR_KEY_SIZE = 40;

  // struct fi_fabric_attr
  static final long FABRIC_NAME = 8;
  static final long FABRIC_PROV_NAME = 16;
  static final long FABRIC_PROV_VERSION = 24;

  // struct fid and the fid_* objects: { fid(fclass, context, fi_ops*), class ops*, ... }
  static final long FID_OPS = 16;
  static final long FABRIC_OPS = 24;
  static final long DOMAIN_OPS = 24;
  static final long DOMAIN_MR_OPS = 32;
  static final long EP_CM_OPS = 32;
  static final long EP_MSG_OPS = 40;
  static final long EP_RMA_OPS = 48;
  /** struct fid_pep { fid; fi_ops_ep *ops; fi_ops_cm *cm; }: the same cm offset as fid_ep. */
  static final long PEP_CM_OPS = 32;
  static final long EQ_OPS = 24;
  static final long AV_OPS = 24;
  static final long CQ_OPS = 24;
  static final long MR_DESC = 24;
  static final long MR_KEY = 32;

  // Slots inside the ops tables (byte offsets of the function pointers).
  static final long OPS_CLOSE = 8;
  static final long OPS_BIND = 16;
  static final long OPS_CONTROL = 24;
  static final long FABRIC_OPS_DOMAIN = 8;
  static final long FABRIC_OPS_PASSIVE_EP = 16;
  static final long FABRIC_OPS_EQ_OPEN = 24;
  static final long DOMAIN_OPS_AV_OPEN = 8;
  static final long DOMAIN_OPS_CQ_OPEN = 16;
  static final long DOMAIN_OPS_ENDPOINT = 24;
  static final long MR_OPS_REG = 8;
  /** fi_ops_mr.regattr: after size, reg and regv. */
  static final long MR_OPS_REGATTR = 24;
  /** struct fi_mr_attr (1.17): mr_iov 0, iov_count 8, access 16, offset 24, requested_key 32, context 40,
   *  auth_key_size 48, auth_key 56, iface 64, device 72; later versions append hmem_data, page_size,
   *  base_mr and sub_mr_cnt, which we leave zero (allocated, so a newer library reads zeros). */
  static final int MR_ATTR_IOV = 0;
  static final int MR_ATTR_IOV_COUNT = 8;
  static final int MR_ATTR_ACCESS = 16;
  static final int MR_ATTR_REQUESTED_KEY = 32;
  static final int MR_ATTR_IFACE = 64;
  static final int MR_ATTR_DEVICE = 72;
  static final int MR_ATTR_BYTES = 112;
  /** enum fi_hmem_iface: FI_HMEM_SYSTEM 0, FI_HMEM_CUDA 1. */
  static final int FI_HMEM_CUDA = 1;
  static final long CM_OPS_GETNAME = 16;
  static final long CM_OPS_CONNECT = 32;
  static final long CM_OPS_LISTEN = 40;
  static final long CM_OPS_ACCEPT = 48;
  static final long CM_OPS_REJECT = 56;
  static final long CM_OPS_SHUTDOWN = 64;
  static final long MSG_OPS_RECV = 8;
  static final long MSG_OPS_SEND = 32;
  static final long MSG_OPS_SENDMSG = 48;
  static final long MSG_OPS_INJECT = 56;
  static final long RMA_OPS_WRITE = 32;
  static final long AV_OPS_INSERT = 8;
  static final long CQ_OPS_READ = 8;
  static final long CQ_OPS_READERR = 24;
  static final long EQ_OPS_READ = 8;
  static final long EQ_OPS_READERR = 16;

  // struct fi_av_attr (48 bytes), fi_cq_attr (40 bytes)
  static final int AV_ATTR_BYTES = 48;
  static final long AV_ATTR_TYPE = 0;
  static final long AV_ATTR_COUNT = 8;
  static final int CQ_ATTR_BYTES = 40;
  static final long CQ_ATTR_SIZE = 0;
  static final long CQ_ATTR_FORMAT = 16;
  static final long CQ_ATTR_WAIT_OBJ = 20;

  // struct fi_cq_msg_entry (24 bytes) and fi_cq_err_entry (80 bytes)
  static final int CQ_MSG_ENTRY_BYTES = 24;
  static final long CQ_ENTRY_CONTEXT = 0;
  static final long CQ_ENTRY_FLAGS = 8;
  static final long CQ_ENTRY_LEN = 16;
  static final int CQ_ERR_ENTRY_BYTES = 80;
  static final long CQ_ERR_LEN = 16;
  static final long CQ_ERR_ERR = 56;
  static final long CQ_ERR_PROV_ERRNO = 60;

  // struct fi_eq_attr (32 bytes): size, flags, wait_obj, signaling_vector, wait_set.
  static final int EQ_ATTR_BYTES = 32;
  static final long EQ_ATTR_SIZE = 0;
  static final long EQ_ATTR_WAIT_OBJ = 16;

  // Connection-management events (fi_eq.h: FI_NOTIFY, FI_CONNREQ, FI_CONNECTED, FI_SHUTDOWN, ...).
  static final int FI_CONNREQ = 1;
  static final int FI_CONNECTED = 2;
  static final int FI_SHUTDOWN = 3;

  // struct fi_eq_cm_entry { fid_t fid; struct fi_info *info; uint8_t data[]; }
  static final long EQ_CM_FID = 0;
  static final long EQ_CM_INFO = 8;
  /** The entry plus room for connection data (we send none, a peer might). */
  static final int EQ_CM_ENTRY_BYTES = 16 + 240;

  // struct fi_eq_err_entry (48 bytes): fid, context, data, err, prov_errno, err_data, size.
  static final int EQ_ERR_ENTRY_BYTES = 48;
  static final long EQ_ERR_ERR = 24;
  static final long EQ_ERR_PROV_ERRNO = 28;
}
