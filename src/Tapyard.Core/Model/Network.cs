namespace Tapyard.Core.Model;

/// <summary>
/// An IPv4 network with its address pool. Only the external reservations are stored; the
/// addresses used by NICs are derived from the instances, so the two can never disagree.
/// </summary>
public sealed class Network
{
    public Guid Uuid { get; set; } = Guid.NewGuid();
    public long Serial { get; set; } = 1;
    public required string Name { get; set; }
    /// <summary>IPv4 subnet in CIDR form, e.g. "192.0.2.0/28".</summary>
    public required string Subnet { get; set; }
    public string? Gateway { get; set; }
    public string? Subnet6 { get; set; }
    public string? Gateway6 { get; set; }
    /// <summary>Three octets; null: the cluster's prefix is used.</summary>
    public string? MacPrefix { get; set; }
    public List<string> Tags { get; set; } = [];
    /// <summary>Externally reserved addresses (network, broadcast and gateway are added automatically), in address order.</summary>
    public List<string> ExternalReservations { get; set; } = [];
}
