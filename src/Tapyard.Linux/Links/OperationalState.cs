namespace Tapyard.Linux.Links;

/// <summary>IF_OPER_* (RFC 2863 operational state) as reported in IFLA_OPERSTATE.</summary>
public enum OperationalState : byte
{
    Unknown = 0,
    NotPresent = 1,
    Down = 2,
    LowerLayerDown = 3,
    Testing = 4,
    Dormant = 5,
    Up = 6,
}
