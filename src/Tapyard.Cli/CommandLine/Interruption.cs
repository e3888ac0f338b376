using System.Runtime.InteropServices;

namespace Tapyard.Cli.CommandLine;

/// <summary>
/// Turns the first SIGINT (Ctrl-C) or SIGTERM into a cancelled token, so a command can stop and clean
/// up what it created (namespaces, devices). A second signal is left to its default action: a user
/// who presses Ctrl-C twice gets out at once.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration[] _registrations;

    private Interruption()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
    }

    public static Interruption Listen() => new();

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
        _source.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (_source.IsCancellationRequested)
            return;
        context.Cancel = true;
        _source.Cancel();
    }
}
