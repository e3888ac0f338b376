namespace Tapyard.Lab;

public enum LabState
{
    /// <summary>No record and none of the lab's namespaces.</summary>
    Absent,
    /// <summary>Everything `lab up` promises is in place.</summary>
    Complete,
    /// <summary>Something is there and something is missing (a crash, or a namespace deleted by hand).</summary>
    HalfBuilt,
}
