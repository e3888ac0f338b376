namespace Tapyard.Lab.Guest;

/// <summary>What a command run on the guest's console printed (without the echo, prompts or \r) and its exit status.</summary>
public sealed record GuestCommandResult(int ExitCode, string Output);
