using System.Net;

namespace Tapyard.Lab.Guest;

/// <summary>
/// One NIC as the guest's /init configures it: found by <see cref="Mac"/> (never by ethN order: a
/// hot-plugged NIC gets whatever name is free when it appears), then given <see cref="Address"/>
/// with <see cref="PrefixLength"/> when set, and brought up.
/// </summary>
public sealed record GuestNic(string Mac, IPAddress? Address = null, int PrefixLength = 24);
