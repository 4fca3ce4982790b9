package dev.nnet.compiler.javac;

import dev.nnet.compiler.codegen.SourceText;
import dev.nnet.compiler.io.OutputFiles;
import com.palantir.javapoet.JavaFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles generated sources in memory with the JDK's javac, against the running JVM's class path (which must hold
 * the nnet runtime), and loads them in a fresh class loader whose parent sees the runtime, so that callers can cast
 * an instance to {@code dev.nnet.runtime.Network}. The compiler module does not depend on the runtime: results are
 * {@code Class<?>}, or instances of a type the caller names.
 *
 * <p>With a cache folder, the class files of each distinct set of sources are kept under a hash of those sources
 * (and of the JDK version), so compiling the same model again skips javac. Cache entries are written to a temporary
 * folder and renamed into place, so a reader never sees half an entry.
 *
 * <p>Classes are compiled with debugging information ({@code -g}), so a debugger can step through generated code
 * when its sources are written out with {@code Generator.writeTo}.
 */
public final class ModelCompiler {
  private static final String CACHE_FORMAT = "nnet-javac-cache 1";

  private final Optional<Path> cacheDir;
  private final String classPath;
  private final ClassLoader parent;

  private ModelCompiler(Optional<Path> cacheDir, String classPath, ClassLoader parent) {
    this.cacheDir = cacheDir;
    this.classPath = classPath;
    this.parent = parent;
  }

  /** Compiles in memory every time, against {@code java.class.path}, loading under the context class loader. */
  public static ModelCompiler inMemory() {
    return new ModelCompiler(Optional.empty(), System.getProperty("java.class.path", ""), defaultParent());
  }

  /** As {@link #inMemory()}, keeping class files under {@code cacheDir} (created when missing). */
  public static ModelCompiler cachedIn(Path cacheDir) {
    return new ModelCompiler(Optional.of(cacheDir), System.getProperty("java.class.path", ""), defaultParent());
  }

  /** This compiler with another class path (entries separated by the platform's path separator). */
  public ModelCompiler withClassPath(String classPath) {
    return new ModelCompiler(cacheDir, classPath, parent);
  }

  /** This compiler loading classes under {@code parent}, which must see the runtime. */
  public ModelCompiler withParent(ClassLoader parent) {
    return new ModelCompiler(cacheDir, classPath, parent);
  }

  private static ClassLoader defaultParent() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : ModelCompiler.class.getClassLoader();
  }

  /**
   * The class files of {@code files}, by binary class name (nested classes included), from the cache when it has
   * them.
   *
   * @throws ModelCompilationException with javac's messages when the sources do not compile
   */
  public Map<String, byte[]> compile(List<JavaFile> files) {
    if (cacheDir.isEmpty()) {
      return javac(files);
    }
    Path entry = cacheDir.get().resolve(key(files));
    Optional<Map<String, byte[]>> cached = readCache(entry);
    if (cached.isPresent()) {
      return cached.get();
    }
    Map<String, byte[]> classes = javac(files);
    writeCache(entry, classes);
    return classes;
  }

  /** Compiles {@code files} and loads them together in a fresh class loader; returns the class named. */
  public Class<?> load(List<JavaFile> files, String qualifiedName) {
    return load(compile(files), qualifiedName, parent);
  }

  /**
   * Loads class files from {@link #compile} (compiled elsewhere, such as on a Spark driver) together in a fresh class
   * loader under {@code parent}, which must see the runtime; returns the class named.
   */
  public static Class<?> load(Map<String, byte[]> classFiles, String qualifiedName, ClassLoader parent) {
    MemoryClassLoader loader = new MemoryClassLoader(Map.copyOf(classFiles), parent);
    try {
      return Class.forName(qualifiedName, true, loader);
    } catch (ClassNotFoundException e) {
      throw new ModelCompilationException("the sources define no class " + qualifiedName, e);
    }
  }

  /**
   * Compiles and loads {@code files} and creates an instance of the class named, through its public constructor
   * taking {@code args}, as a {@code type} (typically {@code dev.nnet.runtime.Network}).
   */
  public <T> T instantiate(List<JavaFile> files, String qualifiedName, Class<T> type, Object... args) {
    Class<?> c = load(files, qualifiedName);
    if (!type.isAssignableFrom(c)) {
      throw new ModelCompilationException(
          qualifiedName + " is not a " + type.getName() + " as loaded by " + type.getClassLoader(), List.of());
    }
    for (Constructor<?> constructor : c.getConstructors()) {
      if (accepts(constructor.getParameterTypes(), args)) {
        try {
          return type.cast(constructor.newInstance(args));
        } catch (InvocationTargetException e) {
          if (e.getCause() instanceof OutOfMemoryError tooLarge) {
            throw tooLarge; // the buffers of a huge batch: the caller says which setting to lower
          }
          throw new ModelCompilationException("the constructor of " + qualifiedName + " failed", e.getCause());
        } catch (ReflectiveOperationException e) {
          throw new ModelCompilationException("cannot instantiate " + qualifiedName, e);
        }
      }
    }
    throw new ModelCompilationException(
        qualifiedName + " has no public constructor taking " + args.length + " such arguments", List.of());
  }

  private static boolean accepts(Class<?>[] parameters, Object[] args) {
    if (parameters.length != args.length) {
      return false;
    }
    for (int i = 0; i < args.length; i++) {
      Class<?> p = parameters[i].isPrimitive() ? boxed(parameters[i]) : parameters[i];
      if (args[i] == null ? parameters[i].isPrimitive() : !p.isInstance(args[i])) {
        return false;
      }
    }
    return true;
  }

  private static Class<?> boxed(Class<?> primitive) {
    return switch (primitive.getName()) {
      case "int" -> Integer.class;
      case "long" -> Long.class;
      case "double" -> Double.class;
      case "float" -> Float.class;
      case "boolean" -> Boolean.class;
      case "short" -> Short.class;
      case "byte" -> Byte.class;
      default -> Character.class;
    };
  }

  private Map<String, byte[]> javac(List<JavaFile> files) {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      throw new ModelCompilationException("no Java compiler in this runtime: run nnet on a JDK, not a JRE", List.of());
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    List<JavaFileObject> sources = new ArrayList<>();
    for (JavaFile f : files) {
      sources.add(source(f));
    }
    Map<String, ByteArrayOutputStream> outputs = new TreeMap<>();
    try (StandardJavaFileManager standard = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8);
        JavaFileManager memory = new MemoryFileManager(standard, outputs)) {
      List<String> options = List.of("-g", "-proc:none", "-encoding", "UTF-8", "-classpath", classPath);
      boolean ok = compiler.getTask(null, memory, diagnostics, options, null, sources).call();
      if (!ok) {
        throw new ModelCompilationException("javac rejected the generated sources:", render(diagnostics));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, byte[]> classes = new TreeMap<>();
    outputs.forEach((name, bytes) -> classes.put(name, bytes.toByteArray()));
    return classes;
  }

  /** The file's text as {@code Generator.writeTo} writes it, so that javac's line numbers match the file's. */
  private static JavaFileObject source(JavaFile f) {
    String name = (f.packageName().isEmpty() ? "" : f.packageName().replace('.', '/') + "/") + f.typeSpec().name();
    return new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return SourceText.of(f);
      }
    };
  }

  private static List<String> render(DiagnosticCollector<JavaFileObject> collected) {
    List<String> lines = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : collected.getDiagnostics()) {
      if (d.getKind() != Diagnostic.Kind.ERROR) {
        continue;
      }
      String file = d.getSource() == null ? "javac" : Path.of(d.getSource().toUri().getPath()).getFileName().toString();
      lines.add(file + ":" + d.getLineNumber() + ":" + d.getColumnNumber() + ": error: " + d.getMessage(Locale.ROOT));
    }
    return lines;
  }

  /** A hex SHA-256 of the cache format, the JDK version and every source with its name, in order. */
  private static String key(List<JavaFile> files) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update((CACHE_FORMAT + "\n" + System.getProperty("java.vm.version") + "\n").getBytes(StandardCharsets.UTF_8));
      for (JavaFile f : files) {
        byte[] source = SourceText.of(f).getBytes(StandardCharsets.UTF_8);
        digest.update((f.packageName() + "." + f.typeSpec().name() + " " + source.length + "\n").getBytes(StandardCharsets.UTF_8));
        digest.update(source);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JVM has SHA-256", e);
    }
  }

  private static Optional<Map<String, byte[]>> readCache(Path entry) {
    if (!Files.isDirectory(entry)) {
      return Optional.empty();
    }
    Map<String, byte[]> classes = new TreeMap<>();
    try (Stream<Path> list = Files.list(entry)) {
      for (Path p : (Iterable<Path>) list::iterator) {
        String file = p.getFileName().toString();
        if (file.endsWith(".class")) {
          classes.put(file.substring(0, file.length() - ".class".length()), Files.readAllBytes(p));
        }
      }
    } catch (IOException e) {
      return Optional.empty(); // an unreadable entry is recompiled, not fatal
    }
    return classes.isEmpty() ? Optional.empty() : Optional.of(classes);
  }

  private static void writeCache(Path entry, Map<String, byte[]> classes) {
    try {
      Files.createDirectories(entry.getParent());
      Path temp = Files.createTempDirectory(entry.getParent(), "." + entry.getFileName() + "-");
      for (Map.Entry<String, byte[]> c : classes.entrySet()) {
        Files.write(temp.resolve(c.getKey() + ".class"), c.getValue());
      }
      try {
        OutputFiles.rename(temp, entry);
      } catch (IOException e) {
        // another process cached the same sources first: keep theirs
        deleteTree(temp);
      }
    } catch (IOException e) {
      // a cache that cannot be written only costs time; the classes are compiled all the same
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      for (Path p : (Iterable<Path>) list::iterator) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
  }

  /** Sends class files to memory instead of disk. */
  private static final class MemoryFileManager extends ForwardingJavaFileManager<JavaFileManager> {
    private final Map<String, ByteArrayOutputStream> outputs;

    MemoryFileManager(JavaFileManager standard, Map<String, ByteArrayOutputStream> outputs) {
      super(standard);
      this.outputs = outputs;
    }

    @Override
    public JavaFileObject getJavaFileForOutput(
        Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
      return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
        @Override
        public OutputStream openOutputStream() {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          outputs.put(className, out);
          return out;
        }
      };
    }
  }

  /** Defines the compiled classes, asking {@code parent} for everything else. */
  private static final class MemoryClassLoader extends ClassLoader {
    private final Map<String, byte[]> classes;

    MemoryClassLoader(Map<String, byte[]> classes, ClassLoader parent) {
      super(parent);
      this.classes = classes;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] bytes = classes.get(name);
      if (bytes == null) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, bytes, 0, bytes.length);
    }
  }
}
