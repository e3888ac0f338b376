namespace Tapyard.Linux.TrafficControl;

/// <summary>Where on a device a clsact filter runs: on what it receives (Ingress) or on what it transmits (Egress).</summary>
public enum TcHook
{
    Ingress,
    Egress,
}
