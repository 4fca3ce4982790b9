evaluate(new File(basedir, 'common.groovy'))

assert mtime(generated('Tiny.java')) == OLD : 'an unchanged model was rewritten'
assert mtime(generated('Extra.java')) == OLD : 'an unchanged model was rewritten'
assert count('nnet: 2 model files in src/main/nnet: 0 compiled, 2 up to date; 0 sources written') == 1
// What the timestamps are for: javac sees nothing new.
assert count('Nothing to compile - all classes are up to date') == 1
true
