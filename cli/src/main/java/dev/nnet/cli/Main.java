package dev.nnet.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./nnet}: exit 0 on success, 1 when the input has errors, 2 on a usage error. */
@Command(
    name = "nnet",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "A compiler for neural networks: check, generate and train .nnet models.",
    subcommands = {
      CheckCommand.class,
      GenerateCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  public static final int EXIT_OK = 0;
  public static final int EXIT_INPUT_ERROR = 1;
  public static final int EXIT_USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with the given streams and returns the exit code; used by tests in-process. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof UserError u) {
            cmd.getErr().println(u.getMessage());
            return u.exitCode();
          }
          // A bug in nnet, not the user's mistake: say so briefly, with the trace only on request.
          cmd.getErr().println("nnet: internal error: " + e);
          if (System.getenv("NNET_DEBUG") != null) {
            e.printStackTrace(cmd.getErr());
          } else {
            cmd.getErr().println("(set NNET_DEBUG=1 for the stack trace, and please report it)");
          }
          return EXIT_INPUT_ERROR;
        });
    cli.setParameterExceptionHandler(
        (e, a) -> {
          CommandLine cmd = e.getCommandLine();
          cmd.getErr().println("nnet: " + e.getMessage());
          cmd.usage(cmd.getErr());
          return EXIT_USAGE;
        });
    return cli.execute(args);
  }

  /** The version from the jar's manifest, or "development" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"nnet " + (v == null ? "development" : v)};
    }
  }
}
