/**
 * Writes tiny ONNX models for tests, so the ONNX image block runs a real onnxruntime session
 * without shipping a model file. A minimal protobuf writer (varints, length-delimited fields,
 * packed floats) and the few ONNX messages a graph needs (onnx.proto3: ModelProto, GraphProto,
 * NodeProto, ValueInfoProto, TensorProto). The model made here: a 1x1 convolution with given
 * weights, ReLU, global average pooling, flatten: `y = relu(W x)` averaged over pixels, which is
 * `relu` of `W` times the mean pixel for images of one colour, easy to check by hand.
 */

type Field = Uint8Array;

function varint(value: number): number[] {
  const out: number[] = [];
  let v = BigInt(value);
  if (v < 0n) v += 1n << 64n;
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    out.push(byte);
  } while (v !== 0n);
  return out;
}

const concat = (parts: readonly Field[]): Field => {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
};

const intField = (field: number, value: number): Field => Uint8Array.from([...varint(field << 3), ...varint(value)]);
const bytesField = (field: number, bytes: Field): Field => concat([Uint8Array.from([...varint((field << 3) | 2), ...varint(bytes.length)]), bytes]);
const stringField = (field: number, text: string): Field => bytesField(field, new TextEncoder().encode(text));
const message = (field: number, ...parts: Field[]): Field => bytesField(field, concat(parts));

const FLOAT = 1;

/** A ValueInfoProto of a float tensor; string dims are symbolic. */
function valueInfo(field: number, name: string, dims: readonly (number | string)[]): Field {
  const shape = dims.map((dim) => message(1, typeof dim === 'number' ? intField(1, dim) : stringField(2, dim)));
  return message(field, stringField(1, name), message(2, message(1, intField(1, FLOAT), message(2, ...shape))));
}

function node(opType: string, inputs: readonly string[], outputs: readonly string[], name: string): Field {
  return message(1, ...inputs.map((input) => stringField(1, input)), ...outputs.map((output) => stringField(2, output)), stringField(3, name), stringField(4, opType));
}

function floatTensor(name: string, dims: readonly number[], values: readonly number[]): Field {
  const raw = new Uint8Array(Float32Array.from(values).buffer);
  return message(5, ...dims.map((dim) => intField(1, dim)), intField(2, FLOAT), stringField(8, name), bytesField(9, raw));
}

/**
 * The bytes of an ONNX model `x: [N, 3, H, W] -> y: [N, K]`, `y = mean over pixels of relu(W x)`,
 * with `weights` K rows of 3 (one per output feature, over the R, G, B input channels); with
 * `pool: false`, `y = relu(W x)` of shape `[N, K, H, W]`.
 */
export function pooledConvolutionModel(weights: readonly (readonly [number, number, number])[], options: { input?: string; output?: string; pool?: boolean } = {}): Uint8Array {
  const k = weights.length;
  const [input, output] = [options.input ?? 'pixels', options.output ?? 'features'];
  // Without `pool`, the output is the `[N, K, H, W]` map itself (a backbone's last feature map).
  const layers =
    options.pool === false
      ? [node('Conv', [input, 'W'], ['conv'], 'conv'), node('Relu', ['conv'], [output], 'relu')]
      : [
          node('Conv', [input, 'W'], ['conv'], 'conv'),
          node('Relu', ['conv'], ['relu'], 'relu'),
          node('GlobalAveragePool', ['relu'], ['pooled'], 'pool'),
          node('Flatten', ['pooled'], [output], 'flatten'),
        ];
  const graph = message(
    7,
    ...layers,
    stringField(2, 'pooled-convolution'),
    floatTensor('W', [k, 3, 1, 1], weights.flat()),
    valueInfo(11, input, ['N', 3, 'H', 'W']),
    valueInfo(12, output, options.pool === false ? ['N', k, 'H', 'W'] : ['N', k]),
  );
  return concat([intField(1, 8), stringField(2, 'sampleforge-tests'), graph, message(8, stringField(1, ''), intField(2, 13))]);
}
