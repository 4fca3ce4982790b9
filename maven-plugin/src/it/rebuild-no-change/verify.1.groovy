evaluate(new File(basedir, 'common.groovy'))

def tiny = generated('Tiny.java')
assert tiny.isFile()
assert generated('Extra.java').isFile()
assert count('nnet: 2 model files in src/main/nnet: 2 compiled, 0 up to date; 2 sources written') == 1
assert new File(basedir, 'target/classes/demo/Tiny.class').isFile()

new File(basedir, 'Tiny.java.first').text = tiny.text
backdate(tiny)
backdate(generated('Extra.java'))
true
