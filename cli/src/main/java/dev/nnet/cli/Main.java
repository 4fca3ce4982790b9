package dev.nnet.cli;

import dev.nnet.runtime.io.Excerpt;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./nnet}: exit 0 on success, 1 when the input has errors, 2 on a usage error. */
@Command(
    name = "nnet",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description =
        "A compiler for neural networks: check, train, evaluate and export .nnet models, or start one with init.",
    subcommands = {
      CheckCommand.class,
      SummaryCommand.class,
      GenerateCommand.class,
      TrainCommand.class,
      EvaluateCommand.class,
      PredictCommand.class,
      ExportCommand.class,
      PlotCommand.class,
      InitCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  public static final int EXIT_OK = 0;
  public static final int EXIT_INPUT_ERROR = 1;
  public static final int EXIT_USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final boolean terminal;

  private Main(boolean terminal) {
    this.terminal = terminal;
  }

  /** Whether standard output is an interactive terminal (a progress bar is drawn there). */
  boolean terminal() {
    return terminal;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static void main(String[] args) {
    // Charts are drawn off screen; no display is needed or wanted.
    System.setProperty("java.awt.headless", "true");
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(run(args, out, err, Terminal.isInteractive(), null));
  }

  /** Runs the command line with the given streams and returns the exit code; used by tests in-process. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, out, err, false, null);
  }

  /**
   * As {@link #run(String[], PrintWriter, PrintWriter)}, as if started in {@code workingDirectory}: every relative
   * path given on the command line is resolved against it (tests run commands of the tutorial in a scratch folder).
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err, Path workingDirectory) {
    return run(args, out, err, false, workingDirectory);
  }

  /**
   * As {@link #run(String[], PrintWriter, PrintWriter, Path)}, saying whether {@code out} is an interactive terminal
   * (training draws a progress bar there, else it prints one line per epoch).
   *
   * @param workingDirectory where relative paths are resolved, or null for the process's own
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err, boolean terminal, Path workingDirectory) {
    CommandLine cli = commandLine(new Main(terminal));
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    if (workingDirectory != null) {
      Path base = workingDirectory.toAbsolutePath();
      cli.registerConverter(Path.class, s -> s.equals("-") ? Files2.STDOUT : base.resolve(s));
    }
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof UserError u) {
            cmd.getErr().println(u.getMessage());
            return u.exitCode();
          }
          return internalError(e, cmd.getErr());
        });
    cli.setParameterExceptionHandler(
        (e, a) -> {
          CommandLine cmd = e.getCommandLine();
          cmd.getErr().println("nnet: " + firstProblem(e));
          cmd.usage(cmd.getErr());
          return EXIT_USAGE;
        });
    try {
      return cli.execute(args);
    } catch (StackOverflowError | OutOfMemoryError e) {
      // Errors pass picocli's handler; these two come from the size of an input, not from a bug.
      return resourceError(e, err);
    } catch (Throwable e) {
      return internalError(e, err);
    }
  }

  /** A bug in nnet, not the user's mistake: say so briefly, with the trace only on request. */
  private static int internalError(Throwable e, PrintWriter err) {
    if (e instanceof StackOverflowError || e instanceof OutOfMemoryError) {
      return resourceError(e, err);
    }
    err.println("nnet: internal error: " + Excerpt.of(String.valueOf(e)));
    if (System.getenv("NNET_DEBUG") != null) {
      e.printStackTrace(err);
    } else {
      err.println("(set NNET_DEBUG=1 for the stack trace, and please report it)");
    }
    err.flush();
    return EXIT_INPUT_ERROR;
  }

  /** Out of stack or memory: what to change, never a trace (unless NNET_DEBUG asks). */
  private static int resourceError(Throwable e, PrintWriter err) {
    if (e instanceof StackOverflowError) {
      err.println("nnet: the input is nested too deeply to process (the stack overflowed)");
    } else {
      err.println("nnet: out of memory (" + Excerpt.of(String.valueOf(e.getMessage())) + "; the JVM may use "
          + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB): try a smaller batch size, fewer --threads or"
          + " less data, or give Java more memory (NNET_JAVA_OPTS=-Xmx8g)");
    }
    if (System.getenv("NNET_DEBUG") != null) {
      e.printStackTrace(err);
    }
    err.flush();
    return EXIT_INPUT_ERROR;
  }

  /**
   * The one problem to report: an unknown option rather than the missing parameter it may have caused
   * ({@code nnet train --epocs 3} is a misspelt option, not a missing model file).
   */
  private static String firstProblem(CommandLine.ParameterException e) {
    if (e instanceof CommandLine.MissingParameterException) {
      CommandLine.ParseResult parsed = e.getCommandLine().getParseResult();
      if (parsed != null) {
        for (String arg : parsed.unmatched()) {
          if (arg.startsWith("-")) {
            return "Unknown option: '" + arg + "'";
          }
        }
      }
    }
    return e.getMessage();
  }

  /** The command tree: every command with its options and their descriptions (the help is made from it). */
  public static CommandLine.Model.CommandSpec commands() {
    return commandLine(new Main(false)).getCommandSpec();
  }

  /**
   * The command tree with each description's lines joined into paragraphs: descriptions are written as lines that
   * read well in the source, and the help formatter wraps them again to the terminal's width; lines it had to
   * wrap a second time would come out as ragged half lines. An empty line separates paragraphs.
   */
  private static CommandLine commandLine(Main main) {
    CommandLine cli = new CommandLine(main);
    unwrap(cli);
    return cli;
  }

  private static void unwrap(CommandLine cli) {
    CommandLine.Model.UsageMessageSpec usage = cli.getCommandSpec().usageMessage();
    usage.description(paragraphs(usage.description()));
    for (CommandLine sub : cli.getSubcommands().values()) {
      unwrap(sub);
    }
  }

  /** Consecutive non-empty lines joined with a space; empty lines kept as paragraph breaks. */
  static String[] paragraphs(String[] lines) {
    java.util.List<String> out = new java.util.ArrayList<>();
    StringBuilder paragraph = new StringBuilder();
    for (String line : lines) {
      if (line.isBlank()) {
        if (paragraph.length() > 0) {
          out.add(paragraph.toString());
          paragraph.setLength(0);
        }
        out.add("");
      } else {
        paragraph.append(paragraph.length() > 0 ? " " : "").append(line.strip());
      }
    }
    if (paragraph.length() > 0) {
      out.add(paragraph.toString());
    }
    return out.toArray(new String[0]);
  }

  /** nnet's version, as Maven filtered it into {@code version.properties} when building this module. */
  static String version() {
    try (var in = Main.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        java.util.Properties p = new java.util.Properties();
        p.load(in);
        String v = p.getProperty("version", "");
        if (!v.isBlank() && !v.startsWith("$")) {
          return v;
        }
      }
    } catch (java.io.IOException e) {
      // fall through: the version is unknown
    }
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "development" : v;
  }

  /** {@code nnet --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"nnet " + version()};
    }
  }
}
