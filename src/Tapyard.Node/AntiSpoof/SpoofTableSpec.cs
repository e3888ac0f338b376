using System.Net;
using Tapyard.Linux.Links;

namespace Tapyard.Node.AntiSpoof;

/// <summary>One device's anti-spoofing table: its name, the device and hook it guards, and the guest's own MAC and IPv4 address.</summary>
/// <param name="ForwardTo">The ifb that shapes what the guest sends (a tap with bw_out): admitted frames are forwarded there by the chain; null: they go their way.</param>
public sealed record SpoofTableSpec(string Table, string Device, SpoofHook Hook, MacAddress Mac, IPAddress? Ip, string? ForwardTo = null);
