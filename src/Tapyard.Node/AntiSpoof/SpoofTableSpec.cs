using System.Net;
using Tapyard.Linux.Links;

namespace Tapyard.Node.AntiSpoof;

/// <summary>One device's anti-spoofing table: its name, the device and hook it guards, and the guest's own MAC and IPv4 address.</summary>
public sealed record SpoofTableSpec(string Table, string Device, SpoofHook Hook, MacAddress Mac, IPAddress? Ip);
