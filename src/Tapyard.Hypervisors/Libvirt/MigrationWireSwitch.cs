using System.Diagnostics;
using Tapyard.Hypervisors.Qemu.Migration;
using Tapyard.Node;

namespace Tapyard.Hypervisors.Libvirt;

/// <summary>
/// The moment a migrated guest's wire moves: the source node's NICs down, the target's up. Called from the
/// lifecycle watch's thread the instant libvirt resumes the guest on the target, or from the migrating thread
/// when that event never came; done once, under a lock, and undone on a rollback (the source's NICs up again).
/// </summary>
public sealed class MigrationWireSwitch(string instance, NodeNics source, NodeNics target)
{
    private readonly Lock _lock = new();
    private bool _sourceDown;

    /// <summary>Whether both steps are done.</summary>
    public bool Done { get; private set; }

    /// <summary>How long the switch took (the NIC operations only).</summary>
    public TimeSpan Elapsed { get; private set; }

    /// <summary>The last failure of a switch attempt (the event thread cannot throw), else null.</summary>
    public Exception? Error { get; private set; }

    /// <summary>Switches once; a failure is kept in <see cref="Error"/> and the next call tries again.</summary>
    public bool TrySwitch()
    {
        lock (_lock)
        {
            if (Done)
                return true;
            var clock = Stopwatch.StartNew();
            try
            {
                source.SetDown(instance);
                _sourceDown = true;
                target.SetUp(instance);
                Done = true;
                Error = null;
            }
            catch (Exception e) when (MigrationPreflight.IsOperational(e))
            {
                Error = e;
            }
            Elapsed = clock.Elapsed;
            return Done;
        }
    }

    /// <summary>After a failed migration whose guest stays on the source: its NICs up again if the switch took them down; no switch after this.</summary>
    public void Undo()
    {
        lock (_lock)
        {
            if (_sourceDown)
                source.SetUp(instance);
            _sourceDown = false;
            Done = true; // a late event must not switch any more
        }
    }
}
