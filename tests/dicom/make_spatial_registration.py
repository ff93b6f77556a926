"""Writes a Spatial Registration as another program would (pydicom, not Kerma): the fixed frame
listed second, its item without a matrix type, the moving frame's matrix RIGID.
Usage: make_spatial_registration.py OUT.dcm FIXED_FOR MOVING_FOR M00 ... M33"""
import sys

from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

REG_STORAGE = "1.2.840.10008.5.1.4.1.1.66.1"


def registration_item(frame_uid, matrix, matrix_type):
    matrix_item = Dataset()
    matrix_item.FrameOfReferenceTransformationMatrix = [f"{v:.10g}" for v in matrix]
    if matrix_type:
        matrix_item.FrameOfReferenceTransformationMatrixType = matrix_type
    registration = Dataset()
    registration.MatrixSequence = Sequence([matrix_item])
    registration.RegistrationTypeCodeSequence = Sequence([])
    item = Dataset()
    item.FrameOfReferenceUID = frame_uid
    item.MatrixRegistrationSequence = Sequence([registration])
    return item


def main(out, fixed_for, moving_for, *values):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = REG_STORAGE
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(out, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.SOPClassUID = REG_STORAGE
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.Modality = "REG"
    ds.PatientID = "OTHER-1"
    ds.PatientName = "OTHER^PROGRAM"
    ds.StudyInstanceUID = generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.FrameOfReferenceUID = fixed_for
    ds.ContentDescription = "written by pydicom"
    identity = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]
    ds.RegistrationSequence = Sequence([
        registration_item(moving_for, [float(v) for v in values], "RIGID"),
        registration_item(fixed_for, identity, None),
    ])
    ds.save_as(out, write_like_original=False)


if __name__ == "__main__":
    main(*sys.argv[1:])
