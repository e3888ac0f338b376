using System.ComponentModel;
using System.Diagnostics;

namespace Tapyard.Lab.Guest;

/// <summary>Runs a program with an argument vector (never through a shell) and collects its output.</summary>
internal static class ExternalProgram
{
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>Runs <paramref name="program"/>; null when it is not installed.</summary>
    public static Result? TryRun(string program, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var start = Prepare(program, arguments, workingDirectory);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception)
        {
            return null;
        }
        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return new Result(process.ExitCode, output, error.GetAwaiter().GetResult());
        }
    }

    /// <summary>Runs <paramref name="program"/> feeding it <paramref name="input"/> and copying its standard output into <paramref name="output"/>.</summary>
    public static Result? TryPipe(string program, IEnumerable<string> arguments, string workingDirectory, string input, Stream output)
    {
        var start = Prepare(program, arguments, workingDirectory);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception)
        {
            return null;
        }
        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            var feed = Task.Run(() =>
            {
                process.StandardInput.Write(input);
                process.StandardInput.Close();
            });
            process.StandardOutput.BaseStream.CopyTo(output);
            feed.GetAwaiter().GetResult();
            process.WaitForExit();
            return new Result(process.ExitCode, "", error.GetAwaiter().GetResult());
        }
    }

    private static ProcessStartInfo Prepare(string program, IEnumerable<string> arguments, string? workingDirectory)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        if (workingDirectory is not null)
            start.WorkingDirectory = workingDirectory;
        // Messages are parsed and quoted in errors: keep them in English.
        start.Environment["LC_ALL"] = "C";
        return start;
    }
}
