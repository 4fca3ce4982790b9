// Shared by the verify scripts of this scenario (loaded with evaluate).
import java.nio.file.Files
import java.nio.file.attribute.FileTime

generated = { String name -> new File(basedir, "target/generated-sources/nnet/demo/" + name) }
// A time no build can produce: a file that still has it afterwards was not rewritten.
OLD = FileTime.fromMillis(978307200000L) // 2001-01-01
backdate = { File f -> Files.setLastModifiedTime(f.toPath(), OLD) }
mtime = { File f -> Files.getLastModifiedTime(f.toPath()) }
log = { -> new File(basedir, 'build.log').text }
count = { String text -> log().split(java.util.regex.Pattern.quote(text), -1).length - 1 }
