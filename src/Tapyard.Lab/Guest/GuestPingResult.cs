namespace Tapyard.Lab.Guest;

/// <summary>The summary of busybox ping run inside the guest.</summary>
public sealed record GuestPingResult(int Transmitted, int Received)
{
    public int Lost => Transmitted - Received;
}
