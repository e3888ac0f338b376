namespace Tapyard.Linux.Bpf;

/// <summary>
/// Assembles instructions with named jump targets, so no jump offset is counted by hand: a jump
/// names its label, and <see cref="Build"/> turns each into the distance the kernel expects
/// (instructions to skip after the jump).
/// </summary>
internal sealed class BpfProgramBuilder
{
    private readonly List<BpfInstruction> _instructions = [];
    private readonly List<(int At, string Label)> _jumps = [];
    private readonly Dictionary<string, int> _labels = new(StringComparer.Ordinal);

    public BpfProgramBuilder Add(BpfInstruction instruction)
    {
        _instructions.Add(instruction);
        return this;
    }

    public BpfProgramBuilder JumpIfEqual(BpfRegister register, int immediate, string label) =>
        Jump(BpfInstruction.JumpIfEqual(register, immediate, 0), label);

    public BpfProgramBuilder JumpIfNotEqual(BpfRegister register, int immediate, string label) =>
        Jump(BpfInstruction.JumpIfNotEqual(register, immediate, 0), label);

    /// <summary>The next instruction added is where jumps to <paramref name="label"/> land.</summary>
    public BpfProgramBuilder Label(string label)
    {
        if (!_labels.TryAdd(label, _instructions.Count))
            throw new InvalidOperationException($"label {label} is defined twice");
        return this;
    }

    /// <summary>r0 = <paramref name="value"/>; return r0.</summary>
    public BpfProgramBuilder Return(int value) =>
        Add(BpfInstruction.MoveImmediate(BpfRegister.R0, value)).Add(BpfInstruction.Exit());

    public BpfInstruction[] Build()
    {
        var program = _instructions.ToArray();
        foreach (var (at, label) in _jumps)
        {
            if (!_labels.TryGetValue(label, out int target))
                throw new InvalidOperationException($"label {label} is never defined");
            if (target <= at)
                throw new InvalidOperationException($"jump to {label} goes backwards: the verifier refuses loops");
            program[at] = program[at].WithOffset((short)(target - at - 1));
        }
        return program;
    }

    private BpfProgramBuilder Jump(BpfInstruction jump, string label)
    {
        _jumps.Add((_instructions.Count, label));
        return Add(jump);
    }
}
