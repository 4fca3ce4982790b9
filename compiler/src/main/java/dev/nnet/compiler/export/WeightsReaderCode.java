package dev.nnet.compiler.export;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import javax.lang.model.element.Modifier;

/**
 * The exported class's reading side of the {@link WeightsFormat}: its constructor, which checks the header, reads
 * every array in order and checks the checksum, and the {@code readFloats} and {@code readDoubles} helpers it calls
 * per array. Any mismatch becomes an {@link IOException} naming what was found and what was expected.
 */
final class WeightsReaderCode {
  private WeightsReaderCode() {}

  /**
   * The constructor of {@code className}: {@code cls}'s reads of every weight array between the header and the
   * checksum, then the tokenizer's table for a text model.
   */
  static MethodSpec constructor(String className, ExportClass cls, Optional<TextExport> text) {
    return MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PUBLIC)
        .addParameter(InputStream.class, "stream")
        .addException(IOException.class)
        .addJavadoc("Reads the weights from {@code stream} (not closed), checking every array's name, type and\n"
            + "length and the file's checksum.\n\n"
            + "@throws IOException when the stream cannot be read or does not hold this model's weights\n")
        .addStatement("$T crc = new $T()", CRC32.class, CRC32.class)
        .addStatement("$T $L = new $T(new $T(new $T(stream), crc))", DataInputStream.class, ExportClass.IN,
            DataInputStream.class, CheckedInputStream.class, BufferedInputStream.class)
        .beginControlFlow("try")
        .beginControlFlow("if ($L.readInt() != MAGIC)", ExportClass.IN)
        .addStatement("throw new $T($S)", IOException.class, "not an nnet weights file: it does not start with NNWT")
        .endControlFlow()
        .addStatement("int version = $L.readInt()", ExportClass.IN)
        .beginControlFlow("if (version != FORMAT_VERSION)")
        .addStatement("throw new $T($S + version + $S + FORMAT_VERSION)", IOException.class,
            "weights file format ", ", this class reads format ")
        .endControlFlow()
        .addStatement("String model = $L.readUTF()", ExportClass.IN)
        .beginControlFlow("if (!model.equals($S))", className)
        .addStatement("throw new $T($S + model + $S)", IOException.class, "the weights file is for ",
            ", not " + className)
        .endControlFlow()
        .addStatement("int arrays = $L.readInt()", ExportClass.IN)
        .beginControlFlow("if (arrays != ARRAYS)")
        .addStatement("throw new $T($S + arrays + $S + ARRAYS)", IOException.class, "the weights file holds ",
            " arrays, " + className + " reads ")
        .endControlFlow()
        .addCode(cls.reads.build())
        .addComment("the checksum covers every byte before it")
        .addStatement("long computed = crc.getValue()")
        .beginControlFlow("if ($L.readLong() != computed)", ExportClass.IN)
        .addStatement("throw new $T($S)", IOException.class, "the weights file is corrupt: its checksum does not match")
        .endControlFlow()
        .addCode(text.map(TextExport::decode).orElse(CodeBlock.of("")))
        .nextControlFlow("catch ($T e)", EOFException.class)
        .addStatement("throw new $T($S, e)", IOException.class, "the weights file is truncated")
        .endControlFlow()
        .build();
  }

  /** {@code readDoubles} or {@code readFloats}: the next array, refused unless its name, type and length match. */
  static MethodSpec reader(boolean asDouble) {
    TypeName array = asDouble ? TypeName.get(double[].class) : TypeName.get(float[].class);
    String kind = asDouble ? "float64" : "float32";
    int bytes = asDouble ? 8 : 4;
    return MethodSpec.methodBuilder(asDouble ? "readDoubles" : "readFloats")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(array)
        .addParameter(DataInputStream.class, "in")
        .addParameter(String.class, "name")
        .addParameter(TypeName.INT, "length")
        .addException(IOException.class)
        .addJavadoc("The next array of the weights file, which must be {@code name} with {@code length} $L values.\n",
            kind)
        .addStatement("String found = in.readUTF()")
        .addStatement("byte type = in.readByte()")
        .addStatement("int count = in.readInt()")
        .beginControlFlow("if (!found.equals(name) || type != $L || count != length)", bytes)
        .addStatement("throw new $T($S + found + $S + count + (type == 8 ? $S : $S) + $S + name + $S + length + $S)",
            IOException.class, "the weights file holds ", " (", " float64" , " float32", " values) where ", " (",
            " " + kind + " values) belongs: it was exported from another model")
        .endControlFlow()
        .addStatement("byte[] bytes = new byte[$L * length]", bytes)
        .addStatement("in.readFully(bytes)")
        .addStatement("$T values = new $T[length]", array, asDouble ? double.class : float.class)
        .addComment("big-endian, as DataOutputStream wrote them")
        .addStatement("$T.wrap(bytes).$L().get(values)", ByteBuffer.class,
            asDouble ? "asDoubleBuffer" : "asFloatBuffer")
        .addStatement("return values")
        .build();
  }
}
