namespace Tapyard.Linux.Netlink;

/// <summary>Receives each data message of a reply (everything that is not an ACK, error or DONE).</summary>
public delegate void NetlinkMessageHandler(NetlinkMessage message);
