package dev.nnet.compiler.layers.pool;

import com.palantir.javapoet.MethodSpec;
import dev.nnet.compiler.export.ExportClass;
import dev.nnet.compiler.export.LayerExport;
import dev.nnet.compiler.export.Window;
import dev.nnet.compiler.model.LayerSpec;
import dev.nnet.compiler.model.PoolKind;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Max or average pooling per channel over a [height, width, channels] sample. Padding positions are ignored, as
 * TensorFlow does: a max never sees them, an average divides by the number of real positions under the window.
 */
final class PoolExport implements LayerExport {
  private final Pool2dSpec spec;
  private final ExportClass cls;
  private final Window w;
  private final String outSize;
  private final String method;

  PoolExport(Pool2dSpec spec, ExportClass cls) {
    this.spec = spec;
    this.cls = cls;
    String n = spec.name();
    w = new Window(cls, n, spec.inputShape(), "pool", spec.poolHeight(), spec.poolWidth(), spec.strideHeight(),
        spec.strideWidth(), spec.padding());
    w.check(n, spec.inputShape().dim(2), spec.outputShape());
    outSize = cls.intConstant(n, "outSize", spec.outputShape().size(), n + ": output values per sample.");
    method = cls.names.method(n);
  }

  @Override
  public LayerSpec spec() {
    return spec;
  }

  @Override
  public Optional<MethodSpec> method() {
    boolean max = spec.kind() == PoolKind.MAX;
    MethodSpec.Builder m = MethodSpec.methodBuilder(method)
        .addModifiers(Modifier.PRIVATE)
        .returns(cls.array())
        .addParameter(cls.array(), "x")
        .addJavadoc("$L: the $L of each $L × $L window per channel, x [$L, $L, $L], y [$L, $L, $L].\n", spec.name(),
            max ? "maximum" : "mean", w.height, w.width, w.inHeight, w.inWidth, w.channels, w.outHeight, w.outWidth,
            w.channels)
        .addStatement("$T y = new $T[$L]", cls.array(), cls.scalar(), outSize)
        .addStatement("int o = 0")
        .beginControlFlow("for (int oy = 0; oy < $L; oy++)", w.outHeight)
        .addComment("the window's rows inside the input")
        .addStatement("int y0 = Math.max(0, oy * $L - $L)", w.strideHeight, w.padTop)
        .addStatement("int y1 = Math.min($L, oy * $L - $L + $L)", w.inHeight, w.strideHeight, w.padTop, w.height)
        .beginControlFlow("for (int ox = 0; ox < $L; ox++)", w.outWidth)
        .addStatement("int x0 = Math.max(0, ox * $L - $L)", w.strideWidth, w.padLeft)
        .addStatement("int x1 = Math.min($L, ox * $L - $L + $L)", w.inWidth, w.strideWidth, w.padLeft, w.width);
    if (!max) {
      m.addStatement("double inv = 1.0 / ((y1 - y0) * (x1 - x0))");
    }
    m.beginControlFlow("for (int c = 0; c < $L; c++)", w.channels);
    if (max) {
      m.addStatement("$T best = $T.NEGATIVE_INFINITY", cls.scalar(), cls.isDouble ? Double.class : Float.class);
    } else {
      m.addStatement("double sum = 0");
    }
    m.beginControlFlow("for (int iy = y0; iy < y1; iy++)")
        .beginControlFlow("for (int ix = x0; ix < x1; ix++)");
    if (max) {
      m.addStatement("best = Math.max(best, x[(iy * $L + ix) * $L + c])", w.inWidth, w.channels);
    } else {
      m.addStatement("sum += x[(iy * $L + ix) * $L + c]", w.inWidth, w.channels);
    }
    m.endControlFlow()
        .endControlFlow()
        .addStatement(max ? "y[o++] = best" : "y[o++] = " + cls.narrow() + "(sum * inv)")
        .endControlFlow()
        .endControlFlow()
        .endControlFlow()
        .addStatement("return y");
    return Optional.of(m.build());
  }
}
