namespace Tapyard.Core.Model;

/// <summary>What the instance is known to be doing; error means it died or a start/stop failed halfway.</summary>
public enum InstanceState
{
    Stopped,
    Running,
    Error,
}
