package dev.nnet.compiler.layers.conv;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.nnet.compiler.export.ActivationExport;
import dev.nnet.compiler.export.ExportClass;
import dev.nnet.compiler.export.LayerExport;
import dev.nnet.compiler.export.Window;
import dev.nnet.compiler.model.LayerSpec;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * A 2-D convolution over a [height, width, channels] sample: for each output pixel and filter f,
 * z = b[f] + Σ over the window and input channels of x[iy][ix][c]·K[ky][kx][c][f], padding positions counting as
 * zeros; K [kh, kw, in, filters] row-major as in the checkpoint. Direct loops, summing in double: one sample needs
 * no im2col buffer.
 */
final class ConvExport implements LayerExport {
  private final Conv2dSpec spec;
  private final ExportClass cls;
  private final Window w;
  private final String filters;
  private final String outSize;
  private final String kernel;
  private final String bias;
  private final String method;

  ConvExport(Conv2dSpec spec, ExportClass cls) {
    this.spec = spec;
    this.cls = cls;
    String n = spec.name();
    w = new Window(cls, n, spec.inputShape(), "kernel", spec.kernelHeight(), spec.kernelWidth(), spec.strideHeight(),
        spec.strideWidth(), spec.padding());
    w.check(n, spec.filters(), spec.outputShape());
    filters = cls.intConstant(n, "filters", spec.filters(), n + ": filters, the output channels.");
    outSize = cls.intConstant(n, "outSize", spec.outputShape().size(), n + ": output values per sample.");
    int count = spec.kernelHeight() * spec.kernelWidth() * spec.inputShape().dim(2) * spec.filters();
    kernel = cls.parameter(n, "kernel", CodeBlock.of("$L * $L * $L * $L", w.height, w.width, w.channels, filters),
        count, n + ".kernel [" + w.height + ", " + w.width + ", " + w.channels + ", " + filters + "], row-major.");
    bias = spec.useBias()
        ? cls.parameter(n, "bias", CodeBlock.of("$L", filters), spec.filters(), n + ".bias [" + filters + "].")
        : null;
    method = cls.names.method(n);
  }

  @Override
  public LayerSpec spec() {
    return spec;
  }

  @Override
  public Optional<MethodSpec> method() {
    MethodSpec.Builder m = MethodSpec.methodBuilder(method)
        .addModifiers(Modifier.PRIVATE)
        .returns(cls.array())
        .addParameter(cls.array(), "x")
        .addJavadoc("$L: y = $L(conv(x, K)$L), x [$L, $L, $L], y [$L, $L, $L].\n", spec.name(),
            spec.activation().kind().keyword(), bias != null ? " + b" : "", w.inHeight, w.inWidth, w.channels,
            w.outHeight, w.outWidth, filters)
        .addStatement("$T y = new $T[$L]", cls.array(), cls.scalar(), outSize)
        .addStatement("double[] z = new double[$L]", filters)
        .beginControlFlow("for (int oy = 0; oy < $L; oy++)", w.outHeight)
        .beginControlFlow("for (int ox = 0; ox < $L; ox++)", w.outWidth);
    if (bias != null) {
      m.beginControlFlow("for (int f = 0; f < $L; f++)", filters)
          .addStatement("z[f] = $L[f]", bias)
          .endControlFlow();
    } else {
      m.addStatement("$T.fill(z, 0.0)", java.util.Arrays.class);
    }
    m.beginControlFlow("for (int ky = 0; ky < $L; ky++)", w.height)
        .addStatement("int iy = oy * $L - $L + ky", w.strideHeight, w.padTop)
        .beginControlFlow("if (iy < 0 || iy >= $L)", w.inHeight)
        .addStatement("continue")
        .endControlFlow()
        .beginControlFlow("for (int kx = 0; kx < $L; kx++)", w.width)
        .addStatement("int ix = ox * $L - $L + kx", w.strideWidth, w.padLeft)
        .beginControlFlow("if (ix < 0 || ix >= $L)", w.inWidth)
        .addStatement("continue")
        .endControlFlow()
        .addStatement("int pixel = (iy * $L + ix) * $L", w.inWidth, w.channels)
        .addStatement("int tap = (ky * $L + kx) * $L", w.width, w.channels)
        .beginControlFlow("for (int c = 0; c < $L; c++)", w.channels)
        .addStatement("double v = x[pixel + c]")
        .addStatement("int row = (tap + c) * $L", filters)
        .beginControlFlow("for (int f = 0; f < $L; f++)", filters)
        .addStatement("z[f] += v * $L[row + f]", kernel)
        .endControlFlow()
        .endControlFlow()
        .endControlFlow()
        .endControlFlow()
        .addStatement("int o = (oy * $L + ox) * $L", w.outWidth, filters)
        .beginControlFlow("for (int f = 0; f < $L; f++)", filters)
        .addStatement("y[o + f] = $Lz[f]", cls.narrow())
        .endControlFlow()
        .endControlFlow()
        .endControlFlow()
        .addCode(ActivationExport.inPlace(cls, spec.activation(), "y",
            CodeBlock.of("$L * $L", w.outHeight, w.outWidth), CodeBlock.of(filters)))
        .addStatement("return y");
    return Optional.of(m.build());
  }
}
